using Microsoft.CodeAnalysis;

namespace AttnGen.Generator.Declarations;

/// <summary>A type declared <c>file</c>, which only declarations in its own file can complete.</summary>
/// <param name="Keyword">The <c>file</c> modifier.</param>
internal sealed record FileLocalType(string Name, Location Keyword);
