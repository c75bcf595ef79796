namespace AttnGen.Generator.Model;

/// <summary>A <c>[TransformerEncoderLayer]</c> declaration.</summary>
internal sealed record EncoderLayerSpec(
    TypeTarget Target, int DModel, int Heads, int Hidden, int SeqLen, double LayerNormEps,
    AttentionMask Mask, Activation Activation, bool NormFirst) : IBlockSpec
{
    /// <summary>The layer's masked self-attention, as a spec of its own: the emitters compose it like a standalone block.</summary>
    public AttentionSpec SelfAttention => new(Target, DModel, Heads, SeqLen, SeqLen, IsCrossAttention: false, Mask, Bias: true);
}
