namespace AttnGen.Generator.Tests.CompileAndRun;

/// <summary>What <see cref="ScalarAttention.Forward"/> computes, in float64.</summary>
/// <param name="Y">The output, <c>[batch, SeqLen, DModel]</c>.</param>
/// <param name="Weights">The per-head attention weights after softmax, <c>[batch, Heads, SeqLen, KvSeqLen]</c>.</param>
/// <param name="Hidden">
/// Whether key <c>j</c> is hidden from query <c>i</c> of batch item <c>b</c>, <c>[batch, SeqLen, KvSeqLen]</c>:
/// by the causal rule, by padding, or by a −∞ in the explicit mask. Hidden keys get weight exactly 0 in every head.
/// </param>
internal sealed record ScalarResult(double[] Y, double[] Weights, bool[] Hidden);

/// <summary>
/// The oracle: multi-head attention written out with plain loops in double precision, straight from
/// the semantics in DESIGN.md §4, from PyTorch-layout <see cref="AttentionParameters"/>. Nothing is packed,
/// padded, vectorised or fused, so that it is obviously right.
/// </summary>
internal static class ScalarAttention
{
    /// <summary>Runs attention over every batch item.</summary>
    /// <param name="p">The parameters: matrices <c>[DModel, DModel]</c> as <c>[out, in]</c>, applied as <c>x·Wᵀ + b</c>.</param>
    /// <param name="heads">Number of heads; <c>HeadDim = DModel / heads</c>.</param>
    /// <param name="seqLen">Query positions per batch item.</param>
    /// <param name="kvSeqLen">Key positions per batch item (equal to <paramref name="seqLen"/> for self-attention).</param>
    /// <param name="batch">Number of batch items.</param>
    /// <param name="x">Queries' tokens <c>[batch, seqLen, DModel]</c>.</param>
    /// <param name="memory">Keys' and values' tokens <c>[batch, kvSeqLen, DModel]</c> for cross-attention; null for self-attention.</param>
    /// <param name="causal">Whether key <c>j</c> is hidden from query <c>i</c> when <c>j &gt; i</c>.</param>
    /// <param name="keyLengths">One valid key length per batch item; null without key padding.</param>
    /// <param name="mask">Additive mask <c>[seqLen, kvSeqLen]</c>, shared by every batch item and head; null without one.</param>
    public static ScalarResult Forward(AttentionParameters p, int heads, int seqLen, int kvSeqLen, int batch,
        float[] x, float[]? memory, bool causal, int[]? keyLengths, float[]? mask)
    {
        int dModel = p.DModel;
        int headDim = dModel / heads;
        double scale = 1.0 / Math.Sqrt(headDim);
        var y = new double[batch * seqLen * dModel];
        var weights = new double[batch * heads * seqLen * kvSeqLen];
        var hidden = new bool[batch * seqLen * kvSeqLen];

        for (int b = 0; b < batch; b++)
        {
            float[] source = memory ?? x;
            double[] q = Linear(x, b * seqLen * dModel, seqLen, dModel, p.QueryWeight, p.QueryBias);
            double[] k = Linear(source, b * kvSeqLen * dModel, kvSeqLen, dModel, p.KeyWeight, p.KeyBias);
            double[] v = Linear(source, b * kvSeqLen * dModel, kvSeqLen, dModel, p.ValueWeight, p.ValueBias);
            var context = new double[seqLen * dModel];

            for (int i = 0; i < seqLen; i++)
            {
                for (int j = 0; j < kvSeqLen; j++)
                {
                    bool structurallyHidden = (causal && j > i) || (keyLengths is not null && j >= keyLengths[b]);
                    bool maskedOut = mask is not null && double.IsNegativeInfinity(mask[i * kvSeqLen + j]);
                    hidden[(b * seqLen + i) * kvSeqLen + j] = structurallyHidden || maskedOut;
                }
            }

            for (int h = 0; h < heads; h++)
            {
                for (int i = 0; i < seqLen; i++)
                {
                    var scores = new double[kvSeqLen];
                    double max = double.NegativeInfinity;
                    for (int j = 0; j < kvSeqLen; j++)
                    {
                        if (hidden[(b * seqLen + i) * kvSeqLen + j])
                        {
                            scores[j] = double.NegativeInfinity;
                            continue;
                        }

                        double dot = 0;
                        for (int d = 0; d < headDim; d++)
                        {
                            dot += q[i * dModel + h * headDim + d] * k[j * dModel + h * headDim + d];
                        }

                        scores[j] = dot * scale + (mask is null ? 0.0 : mask[i * kvSeqLen + j]);
                        max = Math.Max(max, scores[j]);
                    }

                    int rowStart = ((b * heads + h) * seqLen + i) * kvSeqLen;
                    if (double.IsNegativeInfinity(max))
                    {
                        // No visible key: weights 0 (already) and context 0 (already).
                        continue;
                    }

                    double sum = 0;
                    for (int j = 0; j < kvSeqLen; j++)
                    {
                        double e = double.IsNegativeInfinity(scores[j]) ? 0.0 : Math.Exp(scores[j] - max);
                        weights[rowStart + j] = e;
                        sum += e;
                    }

                    for (int j = 0; j < kvSeqLen; j++)
                    {
                        weights[rowStart + j] /= sum;
                    }

                    for (int d = 0; d < headDim; d++)
                    {
                        double c = 0;
                        for (int j = 0; j < kvSeqLen; j++)
                        {
                            c += weights[rowStart + j] * v[j * dModel + h * headDim + d];
                        }

                        context[i * dModel + h * headDim + d] = c;
                    }
                }
            }

            double[] output = Linear(context, seqLen, dModel, p.OutputWeight, p.OutputBias);
            Array.Copy(output, 0, y, b * seqLen * dModel, output.Length);
        }

        return new ScalarResult(y, weights, hidden);
    }

    /// <summary><c>rows</c> rows of <paramref name="input"/> from <paramref name="offset"/>, times Wᵀ, plus b.</summary>
    private static double[] Linear(float[] input, int offset, int rows, int dModel, float[] weight, float[]? bias)
    {
        var widened = new double[rows * dModel];
        for (int i = 0; i < widened.Length; i++)
        {
            widened[i] = input[offset + i];
        }

        return Linear(widened, rows, dModel, weight, bias);
    }

    /// <summary><c>input[rows, dModel]·Wᵀ + b</c> with W as <c>[out, in]</c> row-major.</summary>
    private static double[] Linear(double[] input, int rows, int dModel, float[] weight, float[]? bias)
    {
        var result = new double[rows * dModel];
        for (int r = 0; r < rows; r++)
        {
            for (int o = 0; o < dModel; o++)
            {
                double sum = bias is null ? 0.0 : bias[o];
                for (int i = 0; i < dModel; i++)
                {
                    sum += input[r * dModel + i] * (double)weight[o * dModel + i];
                }

                result[r * dModel + o] = sum;
            }
        }

        return result;
    }
}
