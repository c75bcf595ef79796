using Microsoft.CodeAnalysis;

namespace AttnGen.Generator.Declarations;

/// <summary>A <c>[TransformerDecoderLayer]</c> as written, read once: the rules check it and the spec is built from it.</summary>
/// <param name="Attribute">The attribute application, where a diagnostic about several values together points.</param>
/// <param name="CrossAttention">
/// DModel, Heads, SeqLen and MemorySeqLen, as the cross-attention over memory, which covers every size; the causal
/// self-attention adds only its own weights' size.
/// </param>
internal sealed record DecoderLayerDeclaration(
    Location? Attribute, AttentionShape CrossAttention, Argument<int> Hidden, Argument<double> LayerNormEps,
    Argument<Activation> Activation, Argument<bool> NormFirst);
