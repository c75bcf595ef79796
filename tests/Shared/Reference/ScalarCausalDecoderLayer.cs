using static AttnGen.Testing.ScalarLayers;

namespace AttnGen.Testing;

/// <summary>
/// The oracle for decoder-only layers (<c>[CausalDecoderLayer]</c>, GPT-2 and Llama style): the full causal pass
/// <c>x1 = x + Attn(Norm1(x)); y = x1 + Ffn(Norm2(x1))</c> in double precision with plain loops, over every batch item
/// at once, positions <c>0 … seqLen−1</c>.
/// </summary>
/// <remarks>
/// There is no cache here on purpose: a causal layer's output row <c>t</c> depends only on input rows <c>0 … t</c>, so a
/// prefill of <c>n</c> positions must give the first <c>n</c> rows of this pass, and each later step the next row; a
/// test decodes with the generated code in any split and compares every chunk with those rows. For continuous batching,
/// run one pass per sequence at its own length. The norm and feed-forward kinds are read from the parameters (an
/// RMSNorm is the one without a bias, SwiGLU the block with a gate): the declaration's <c>NormKind</c> and
/// <c>FfnKind</c> cannot be named in the generator's tests, which see them twice (see <see cref="ActivationKind"/>).
/// </remarks>
internal static class ScalarCausalDecoderLayer
{
    /// <summary>The layer on <paramref name="x"/> <c>[batch, seqLen, DModel]</c>; the batch is however many items it holds.</summary>
    /// <param name="p">The parameters, in PyTorch's <c>[out, in]</c> layout.</param>
    /// <param name="seqLen">Positions per batch item.</param>
    /// <param name="eps">The norms' epsilon (<c>NormEps</c>).</param>
    /// <param name="activation">The MLP's activation; unused by SwiGLU, which always uses SiLU.</param>
    /// <param name="rotaryTheta">The rotary base (<c>RotaryTheta</c>); 0 for none.</param>
    /// <param name="x">The input.</param>
    public static double[] Forward(CausalDecoderLayerParameters p, int seqLen, double eps, ActivationKind activation, double rotaryTheta,
        double[] x)
    {
        double[] x1 = Add(x, Attention(p, seqLen, rotaryTheta, Norm(x, p.Norm1, eps)));
        return Add(x1, FeedForward(p, activation, Norm(x1, p.Norm2, eps)));
    }

    private static double[] Norm(double[] x, NormParameters norm, double eps) =>
        norm.Bias is null ? RmsNorm(x, norm.Weight, eps) : LayerNorm(x, new LayerNormParameters(norm.DModel, norm.Weight, norm.Bias), eps);

    /// <summary>
    /// Causal self-attention with <c>Heads / KvHeads</c> query heads sharing each key/value head (HF's <c>repeat_kv</c>:
    /// query head <c>h</c> reads key/value head <c>h / group</c>), and the rotary embedding on q and k when
    /// <paramref name="theta"/> is set.
    /// </summary>
    private static double[] Attention(CausalDecoderLayerParameters p, int seqLen, double theta, double[] x)
    {
        int d = p.DModel, headDim = p.HeadDim, kvWidth = p.KvHeads * headDim, group = p.Heads / p.KvHeads;
        int batch = x.Length / (seqLen * d);
        double[] q = Linear(x, d, d, p.QWeight, p.QBias);
        double[] k = Linear(x, d, kvWidth, p.KWeight, p.KBias);
        double[] v = Linear(x, d, kvWidth, p.VWeight, p.VBias);
        if (theta != 0)
        {
            Rotate(q, seqLen, d, headDim, theta);
            Rotate(k, seqLen, kvWidth, headDim, theta);
        }

        double scale = 1 / Math.Sqrt(headDim);
        var context = new double[x.Length];
        var weights = new double[seqLen];
        for (int b = 0; b < batch; b++)
        {
            for (int h = 0; h < p.Heads; h++)
            {
                int kvColumn = h / group * headDim;
                for (int i = 0; i < seqLen; i++)
                {
                    int queryRow = (b * seqLen + i) * d + h * headDim;
                    double max = double.NegativeInfinity;
                    for (int j = 0; j <= i; j++)
                    {
                        double dot = 0;
                        for (int c = 0; c < headDim; c++)
                        {
                            dot += q[queryRow + c] * k[(b * seqLen + j) * kvWidth + kvColumn + c];
                        }

                        weights[j] = dot * scale;
                        max = Math.Max(max, weights[j]);
                    }

                    double sum = 0;
                    for (int j = 0; j <= i; j++)
                    {
                        weights[j] = Math.Exp(weights[j] - max);
                        sum += weights[j];
                    }

                    for (int c = 0; c < headDim; c++)
                    {
                        double value = 0;
                        for (int j = 0; j <= i; j++)
                        {
                            value += weights[j] * v[(b * seqLen + j) * kvWidth + kvColumn + c];
                        }

                        context[queryRow + c] = value / sum;
                    }
                }
            }
        }

        return Linear(context, d, d, p.OWeight, p.OBias);
    }

    /// <summary>
    /// HuggingFace's rotary embedding (<c>rotate_half</c>) in place on <paramref name="rows"/> <c>[batch·seqLen, width]</c>,
    /// row <c>r</c> at position <c>r mod seqLen</c>: in each head, dims <c>i</c> and <c>i + headDim/2</c> turn by
    /// <c>position · θ^(−2i/headDim)</c>.
    /// </summary>
    private static void Rotate(double[] rows, int seqLen, int width, int headDim, double theta)
    {
        if (headDim % 2 != 0)
        {
            throw new ArgumentException($"The rotary embedding needs an even head size, not {headDim}.", nameof(headDim));
        }

        int half = headDim / 2;
        for (int row = 0; row < rows.Length / width; row++)
        {
            int position = row % seqLen;
            for (int head = row * width; head < (row + 1) * width; head += headDim)
            {
                for (int i = 0; i < half; i++)
                {
                    double angle = position * Math.Pow(theta, -2.0 * i / headDim);
                    (double cos, double sin) = (Math.Cos(angle), Math.Sin(angle));
                    (double a, double b) = (rows[head + i], rows[head + i + half]);
                    rows[head + i] = a * cos - b * sin;
                    rows[head + i + half] = b * cos + a * sin;
                }
            }
        }
    }

    /// <summary>An MLP, <c>down(act(up(x)))</c> as <see cref="ScalarLayers.FeedForward"/>, or SwiGLU, <c>down(silu(gate(x)) · up(x))</c>.</summary>
    private static double[] FeedForward(CausalDecoderLayerParameters p, ActivationKind activation, double[] x)
    {
        if (p.GateWeight is null)
        {
            return ScalarLayers.FeedForward(x, new FeedForwardParameters(p.DModel, p.Hidden, p.UpWeight, p.UpBias, p.DownWeight, p.DownBias),
                activation);
        }

        double[] gate = Linear(x, p.DModel, p.Hidden, p.GateWeight, p.GateBias);
        double[] up = Linear(x, p.DModel, p.Hidden, p.UpWeight, p.UpBias);
        for (int i = 0; i < gate.Length; i++)
        {
            // silu(g) = g·σ(g) = g / (1 + e^(−g)).
            gate[i] = gate[i] / (1 + Math.Exp(-gate[i])) * up[i];
        }

        return Linear(gate, p.Hidden, p.DModel, p.DownWeight, p.DownBias);
    }
}
