using static AttnGen.Generator.Tests.CompileAndRun.ScalarLayers;

namespace AttnGen.Generator.Tests.CompileAndRun;

/// <summary>
/// The oracle for encoder and decoder layers: each sub-layer with its residual connection and LayerNorm, in double
/// precision, over every batch item at once.
/// </summary>
/// <remarks>
/// The attentions are <see cref="ScalarAttention"/>, which takes float tokens, so a sub-layer's input is rounded to
/// float on its way in — where the generated layer holds it in float too. That moves the result by about 1e-7, far
/// inside the tolerance, and keeps a single attention oracle.
/// </remarks>
internal static class ScalarTransformerLayers
{
    /// <summary>Post-norm <c>x1 = LN1(x + SA(x)); y = LN2(x1 + FFN(x1))</c>, or pre-norm <c>x1 = x + SA(LN1(x)); y = x1 + FFN(LN2(x1))</c>.</summary>
    /// <param name="keyLengths">One valid key length per batch item; null without key padding.</param>
    /// <param name="mask">Additive mask <c>[seqLen, seqLen]</c>; null without one.</param>
    public static double[] Encoder(EncoderLayerParameters p, EncoderLayerConfiguration c, float[] x, int[]? keyLengths, float[]? mask)
    {
        double[] x1 = Sublayer(Widen(x), p.Norm1, c.Eps, c.NormFirst, input =>
            ScalarAttention.Forward(p.Attention, c.Heads, c.SeqLen, c.SeqLen, c.Batch, Narrow(input), null, c.Causal, keyLengths, mask).Y);
        return Sublayer(x1, p.Norm2, c.Eps, c.NormFirst, input => FeedForward(input, p.FeedForward, c.Activation));
    }

    /// <summary>
    /// Causal self-attention (norm 1), unmasked cross-attention over <paramref name="memory"/> (norm 2), then the
    /// feed-forward block (norm 3), each post- or pre-norm as <see cref="Encoder"/>.
    /// </summary>
    public static double[] Decoder(DecoderLayerParameters p, DecoderLayerConfiguration c, float[] x, float[] memory)
    {
        double[] x1 = Sublayer(Widen(x), p.Norm1, c.Eps, c.NormFirst, input =>
            ScalarAttention.Forward(p.SelfAttention, c.Heads, c.SeqLen, c.SeqLen, c.Batch, Narrow(input), null, causal: true, null, null).Y);
        double[] x2 = Sublayer(x1, p.Norm2, c.Eps, c.NormFirst, input =>
            ScalarAttention.Forward(p.CrossAttention, c.Heads, c.SeqLen, c.MemorySeqLen, c.Batch, Narrow(input), memory, causal: false, null, null).Y);
        return Sublayer(x2, p.Norm3, c.Eps, c.NormFirst, input => FeedForward(input, p.FeedForward, c.Activation));
    }

    /// <summary>One sub-layer <paramref name="f"/> with its residual: <c>LN(x + f(x))</c>, or <c>x + f(LN(x))</c> when <paramref name="normFirst"/>.</summary>
    private static double[] Sublayer(double[] x, LayerNormParameters norm, double eps, bool normFirst, Func<double[], double[]> f) =>
        normFirst ? Add(x, f(LayerNorm(x, norm, eps))) : LayerNorm(Add(x, f(x)), norm, eps);
}
