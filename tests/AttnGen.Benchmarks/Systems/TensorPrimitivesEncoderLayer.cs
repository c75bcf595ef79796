using System.Numerics.Tensors;
using AttnGen.Benchmarks.Workloads;

namespace AttnGen.Benchmarks.Systems;

/// <summary>The encoder layer from TensorPrimitives calls over rows.</summary>
internal sealed class TensorPrimitivesEncoderLayer(EncoderLayerParameters parameters, Workload shape)
    : EncoderLayerPass(parameters, shape, new TensorPrimitivesAttention(parameters.Attention, shape))
{
    /// <inheritdoc/>
    protected override void Linear(ReadOnlySpan<float> x, float[] weight, float[] bias, Span<float> y, int rows, int inputs, int outputs) =>
        TensorPrimitivesAttention.Linear(x, weight, bias, y, rows, inputs, outputs);

    /// <inheritdoc/>
    protected override void AddAndNorm(ReadOnlySpan<float> residual, ReadOnlySpan<float> x, LayerNormParameters norm, Span<float> y)
    {
        int d = Shape.DModel;
        for (int r = 0; r < Shape.SeqLen; r++)
        {
            Span<float> row = y.Slice(r * d, d);
            TensorPrimitives.Add(residual.Slice(r * d, d), x.Slice(r * d, d), row);
            TensorPrimitives.Subtract(row, TensorPrimitives.Sum(row) / d, row);
            float inverseStd = 1f / MathF.Sqrt(TensorPrimitives.SumOfSquares(row) / d + Shape.LayerNormEps);
            TensorPrimitives.Multiply(row, inverseStd, row);
            TensorPrimitives.MultiplyAdd(row, norm.Weight, norm.Bias, row);
        }
    }
}
