namespace AttnGen.Testing;

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
/// the semantics in docs/DESIGN.md §4, from PyTorch-layout <see cref="AttentionParameters"/>. Nothing is packed,
/// padded, vectorised or fused, so that it is obviously right.
/// </summary>
internal static class ScalarAttention
{
    /// <summary>Runs attention over every batch item of <paramref name="x"/>.</summary>
    /// <param name="p">The parameters: matrices <c>[DModel, DModel]</c> as <c>[out, in]</c>, applied as <c>x·Wᵀ + b</c>.</param>
    /// <param name="heads">Number of heads; <c>HeadDim = DModel / heads</c>.</param>
    /// <param name="seqLen">Query positions per batch item.</param>
    /// <param name="kvSeqLen">Key positions per batch item (equal to <paramref name="seqLen"/> for self-attention).</param>
    /// <param name="x">Queries' tokens <c>[batch, seqLen, DModel]</c>; the batch is however many items it holds.</param>
    /// <param name="memory">Keys' and values' tokens <c>[batch, kvSeqLen, DModel]</c> for cross-attention; null for self-attention.</param>
    /// <param name="masks">
    /// The masks that apply, as a declaration's <c>Mask</c> names them; <paramref name="keyLengths"/> and
    /// <paramref name="explicitMask"/> are read only when named here, as the generated <c>Forward</c> takes them only then.
    /// </param>
    /// <param name="keyLengths">One valid key length per batch item.</param>
    /// <param name="explicitMask">Additive mask <c>[seqLen, kvSeqLen]</c>, shared by every batch item and head.</param>
    public static ScalarResult Forward(AttentionParameters p, int heads, int seqLen, int kvSeqLen, double[] x, double[]? memory,
        MaskFlags masks = MaskFlags.None, int[]? keyLengths = null, float[]? explicitMask = null)
    {
        int dModel = p.DModel;
        int headDim = dModel / heads;
        int batch = x.Length / (seqLen * dModel);
        double scale = 1.0 / Math.Sqrt(headDim);
        bool causal = masks.HasFlag(MaskFlags.Causal);
        int[]? lengths = masks.HasFlag(MaskFlags.KeyPadding) ? keyLengths ?? throw new ArgumentNullException(nameof(keyLengths)) : null;
        float[]? mask = masks.HasFlag(MaskFlags.Explicit) ? explicitMask ?? throw new ArgumentNullException(nameof(explicitMask)) : null;

        // Rows are independent in the projections, so each covers the whole batch at once.
        double[] source = memory ?? x;
        double[] q = ScalarLayers.Linear(x, dModel, dModel, p.QueryWeight, p.QueryBias);
        double[] k = ScalarLayers.Linear(source, dModel, dModel, p.KeyWeight, p.KeyBias);
        double[] v = ScalarLayers.Linear(source, dModel, dModel, p.ValueWeight, p.ValueBias);
        var context = new double[x.Length];
        var weights = new double[batch * heads * seqLen * kvSeqLen];
        var hidden = new bool[batch * seqLen * kvSeqLen];
        var scores = new double[kvSeqLen];

        for (int b = 0; b < batch; b++)
        {
            for (int i = 0; i < seqLen; i++)
            {
                for (int j = 0; j < kvSeqLen; j++)
                {
                    bool structurallyHidden = (causal && j > i) || (lengths is not null && j >= lengths[b]);
                    bool maskedOut = mask is not null && double.IsNegativeInfinity(mask[i * kvSeqLen + j]);
                    hidden[(b * seqLen + i) * kvSeqLen + j] = structurallyHidden || maskedOut;
                }
            }

            for (int h = 0; h < heads; h++)
            {
                for (int i = 0; i < seqLen; i++)
                {
                    int queryRow = (b * seqLen + i) * dModel + h * headDim;
                    double max = double.NegativeInfinity;
                    for (int j = 0; j < kvSeqLen; j++)
                    {
                        if (hidden[(b * seqLen + i) * kvSeqLen + j])
                        {
                            scores[j] = double.NegativeInfinity;
                            continue;
                        }

                        int keyRow = (b * kvSeqLen + j) * dModel + h * headDim;
                        double dot = 0;
                        for (int d = 0; d < headDim; d++)
                        {
                            dot += q[queryRow + d] * k[keyRow + d];
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
                            c += weights[rowStart + j] * v[(b * kvSeqLen + j) * dModel + h * headDim + d];
                        }

                        context[queryRow + d] = c;
                    }
                }
            }
        }

        double[] y = ScalarLayers.Linear(context, dModel, dModel, p.OutputWeight, p.OutputBias);
        return new ScalarResult(y, weights, hidden);
    }
}
