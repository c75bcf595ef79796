using AttnGen.Benchmarks.Workloads;

namespace AttnGen.Benchmarks.Systems;

/// <summary>The encoder layer as straightforward float loops.</summary>
internal sealed class ScalarEncoderLayer(EncoderLayerParameters parameters, Workload shape)
    : EncoderLayerPass(parameters, shape, new ScalarAttention(parameters.Attention, shape))
{
    /// <inheritdoc/>
    protected override void Linear(ReadOnlySpan<float> x, float[] weight, float[] bias, Span<float> y, int rows, int inputs, int outputs) =>
        ScalarAttention.Linear(x, weight, bias, y, rows, inputs, outputs);

    /// <inheritdoc/>
    protected override void AddAndNorm(ReadOnlySpan<float> residual, ReadOnlySpan<float> x, LayerNormParameters norm, Span<float> y)
    {
        int d = Shape.DModel;
        for (int r = 0; r < Shape.SeqLen; r++)
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

            float inverseStd = 1f / MathF.Sqrt(variance / d + Shape.LayerNormEps);
            for (int c = 0; c < d; c++)
            {
                y[r * d + c] = (y[r * d + c] - mean) * inverseStd * norm.Weight[c] + norm.Bias[c];
            }
        }
    }
}
