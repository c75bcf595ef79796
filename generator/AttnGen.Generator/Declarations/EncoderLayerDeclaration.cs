using Microsoft.CodeAnalysis;

namespace AttnGen.Generator.Declarations;

/// <summary>A <c>[TransformerEncoderLayer]</c> as written, read once: the rules check it and the spec is built from it.</summary>
/// <param name="Attribute">The attribute application, where a diagnostic about several values together points.</param>
/// <param name="SelfAttention">DModel, Heads, SeqLen and Mask, as the layer's self-attention.</param>
internal sealed record EncoderLayerDeclaration(
    Location? Attribute, AttentionShape SelfAttention, Argument<int> Hidden, Argument<double> LayerNormEps,
    Argument<Activation> Activation, Argument<bool> NormFirst);
