using Microsoft.CodeAnalysis;

namespace AttnGen.Generator.Declarations;

/// <summary>The class a block's class derives from.</summary>
/// <param name="Location">The base class in the base list.</param>
/// <param name="HasParameterlessConstructor">
/// Whether it has a constructor the class can call with no arguments, as the generated constructor does. A base that
/// is itself a block has none: its generated constructor takes its own weights.
/// </param>
internal sealed record BaseDeclaration(string Name, Location Location, bool HasParameterlessConstructor);
