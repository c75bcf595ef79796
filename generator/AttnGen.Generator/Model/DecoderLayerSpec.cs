namespace AttnGen.Generator.Model;

/// <summary>A <c>[TransformerDecoderLayer]</c> declaration.</summary>
internal sealed record DecoderLayerSpec(
    TypeTarget Target, int DModel, int Heads, int Hidden, int SeqLen, int MemorySeqLen, double LayerNormEps,
    Activation Activation, bool NormFirst) : IBlockSpec
{
    /// <summary>The layer's causal self-attention over its own positions.</summary>
    public AttentionSpec SelfAttention => new(Target, DModel, Heads, SeqLen, SeqLen, IsCrossAttention: false, AttentionMask.Causal, Bias: true);

    /// <summary>The layer's cross-attention over the memory's positions.</summary>
    public AttentionSpec CrossAttention => new(Target, DModel, Heads, SeqLen, MemorySeqLen, IsCrossAttention: true, AttentionMask.None, Bias: true);
}
