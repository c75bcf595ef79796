using AttnGen.Benchmarks.Workloads;

namespace AttnGen.Benchmarks.Systems;

/// <summary>
/// A post-norm encoder layer (PyTorch's <c>nn.TransformerEncoderLayer</c>, BERT's layer) as straightforward float
/// loops: h = LayerNorm(x + Attention(x)), y = LayerNorm(h + W₂·GELU(W₁·h + b₁) + b₂).
/// </summary>
internal sealed class ScalarEncoderLayer : IForwardPass
{
    private readonly EncoderLayerParameters _p;
    private readonly Workload _shape;
    private readonly ScalarAttention _attention;
    private readonly float[] _attended, _normed, _hidden, _projected;

    public ScalarEncoderLayer(EncoderLayerParameters parameters, Workload shape)
    {
        _p = parameters;
        _shape = shape;
        _attention = new ScalarAttention(parameters.Attention, shape);
        _attended = new float[shape.Length];
        _normed = new float[shape.Length];
        _hidden = new float[shape.SeqLen * shape.Hidden];
        _projected = new float[shape.Length];
    }

    public void Forward(ReadOnlySpan<float> x, Span<float> y)
    {
        int d = _shape.DModel, seqLen = _shape.SeqLen, hidden = _shape.Hidden;
        _attention.Forward(x, _attended);
        AddAndNorm(x, _attended, _p.Norm1, _normed);

        FeedForwardParameters ff = _p.FeedForward;
        ScalarAttention.Linear(_normed, ff.InputWeight, ff.InputBias!, _hidden, seqLen, d, hidden);
        for (int i = 0; i < _hidden.Length; i++)
        {
            // .NET has no MathF.Erf; the runtime's scalar GELU carries an erf accurate to float32.
            _hidden[i] = Activations.Gelu(_hidden[i]);
        }

        ScalarAttention.Linear(_hidden, ff.OutputWeight, ff.OutputBias!, _projected, seqLen, hidden, d);
        AddAndNorm(_normed, _projected, _p.Norm2, y);
    }

    /// <summary>y = LayerNorm(residual + x) per row, with the variance over the row (biased, as PyTorch).</summary>
    private void AddAndNorm(ReadOnlySpan<float> residual, ReadOnlySpan<float> x, LayerNormParameters norm, Span<float> y)
    {
        int d = _shape.DModel;
        for (int r = 0; r < _shape.SeqLen; r++)
        {
            float mean = 0;
            for (int c = 0; c < d; c++)
            {
                y[r * d + c] = residual[r * d + c] + x[r * d + c];
                mean += y[r * d + c];
            }

            mean /= d;
            float variance = 0;
            for (int c = 0; c < d; c++)
            {
                float centred = y[r * d + c] - mean;
                variance += centred * centred;
            }

            float inverseStd = 1f / MathF.Sqrt(variance / d + _shape.LayerNormEps);
            for (int c = 0; c < d; c++)
            {
                y[r * d + c] = (y[r * d + c] - mean) * inverseStd * norm.Weight[c] + norm.Bias[c];
            }
        }
    }
}
