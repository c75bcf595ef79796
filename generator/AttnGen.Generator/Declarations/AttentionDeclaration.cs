using Microsoft.CodeAnalysis;

namespace AttnGen.Generator.Declarations;

/// <summary>A <c>[MultiHeadAttention]</c> as written, read once: the rules check it and the spec is built from it.</summary>
/// <param name="Attribute">The attribute application, where a diagnostic about several values together points.</param>
internal sealed record AttentionDeclaration(Location? Attribute, AttentionShape Shape, Argument<bool> Bias);
