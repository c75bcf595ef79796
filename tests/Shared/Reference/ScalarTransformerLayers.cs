using static AttnGen.Testing.ScalarLayers;

namespace AttnGen.Testing;

/// <summary>
/// The oracle for encoder and decoder layers: each sub-layer with its residual connection and LayerNorm, in double
/// precision from input to output, over every batch item at once.
/// </summary>
internal static class ScalarTransformerLayers
{
    /// <summary>
    /// Post-norm <c>x1 = LN1(x + SA(x)); y = LN2(x1 + FFN(x1))</c>, or pre-norm
    /// <c>x1 = x + SA(LN1(x)); y = x1 + FFN(LN2(x1))</c>, on <paramref name="x"/> <c>[batch, seqLen, DModel]</c>.
    /// </summary>
    /// <param name="masks">The self-attention's masks, with <paramref name="keyLengths"/> and <paramref name="explicitMask"/> read as <see cref="ScalarAttention.Forward"/> reads them.</param>
    public static double[] Encoder(EncoderLayerParameters p, int heads, int seqLen, MaskFlags masks, double eps, ActivationKind activation,
        bool normFirst, double[] x, int[]? keyLengths = null, float[]? explicitMask = null)
    {
        double[] x1 = Sublayer(x, p.Norm1, eps, normFirst, input =>
            ScalarAttention.Forward(p.Attention, heads, seqLen, seqLen, input, memory: null, masks, keyLengths, explicitMask).Y);
        return Sublayer(x1, p.Norm2, eps, normFirst, input => FeedForward(input, p.FeedForward, activation));
    }

    /// <summary>
    /// Causal self-attention (norm 1), unmasked cross-attention over <paramref name="memory"/>
    /// <c>[batch, memorySeqLen, DModel]</c> (norm 2), then the feed-forward block (norm 3), each post- or pre-norm as
    /// <see cref="Encoder"/>.
    /// </summary>
    public static double[] Decoder(DecoderLayerParameters p, int heads, int seqLen, int memorySeqLen, double eps, ActivationKind activation,
        bool normFirst, double[] x, double[] memory)
    {
        double[] x1 = Sublayer(x, p.Norm1, eps, normFirst, input =>
            ScalarAttention.Forward(p.SelfAttention, heads, seqLen, seqLen, input, memory: null, MaskFlags.Causal).Y);
        double[] x2 = Sublayer(x1, p.Norm2, eps, normFirst, input =>
            ScalarAttention.Forward(p.CrossAttention, heads, seqLen, memorySeqLen, input, memory).Y);
        return Sublayer(x2, p.Norm3, eps, normFirst, input => FeedForward(input, p.FeedForward, activation));
    }

    /// <summary>One sub-layer <paramref name="f"/> with its residual: <c>LN(x + f(x))</c>, or <c>x + f(LN(x))</c> when <paramref name="normFirst"/>.</summary>
    private static double[] Sublayer(double[] x, LayerNormParameters norm, double eps, bool normFirst, Func<double[], double[]> f) =>
        normFirst ? Add(x, f(LayerNorm(x, norm, eps))) : LayerNorm(Add(x, f(x)), norm, eps);
}
