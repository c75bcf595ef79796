using Microsoft.CodeAnalysis;

namespace AttnGen.Generator.Declarations;

/// <summary>A member the block's class already has, by name: declared in it, or inherited and visible in it.</summary>
/// <param name="Kind">What it is, for messages: <c>field</c>, <c>constant</c>, <c>method</c>, <c>nested type</c>…</param>
/// <param name="Location">Its name in its declaration, or the base class in the base list when inherited.</param>
/// <param name="InheritedFrom">The base type that declares it, when inherited.</param>
internal sealed record MemberDeclaration(string Name, string Kind, Location? Location, string? InheritedFrom);
