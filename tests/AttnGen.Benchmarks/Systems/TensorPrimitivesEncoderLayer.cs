using System.Numerics.Tensors;
using AttnGen.Benchmarks.Workloads;

namespace AttnGen.Benchmarks.Systems;

/// <summary>
/// A post-norm encoder layer built from <see cref="TensorPrimitives"/> calls over rows:
/// h = LayerNorm(x + Attention(x)), y = LayerNorm(h + W₂·GELU(W₁·h + b₁) + b₂).
/// </summary>
internal sealed class TensorPrimitivesEncoderLayer : IForwardPass
{
    private readonly EncoderLayerParameters _p;
    private readonly Workload _shape;
    private readonly TensorPrimitivesAttention _attention;
    private readonly float[] _attended, _normed, _hidden, _projected;

    public TensorPrimitivesEncoderLayer(EncoderLayerParameters parameters, Workload shape)
    {
        _p = parameters;
        _shape = shape;
        _attention = new TensorPrimitivesAttention(parameters.Attention, shape);
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
        TensorPrimitivesAttention.Linear(_normed, ff.InputWeight, ff.InputBias!, _hidden, seqLen, d, hidden);
        for (int i = 0; i < _hidden.Length; i++)
        {
            // TensorPrimitives has no erf, so the exact GELU is the one step not built from it.
            _hidden[i] = Activations.Gelu(_hidden[i]);
        }

        TensorPrimitivesAttention.Linear(_hidden, ff.OutputWeight, ff.OutputBias!, _projected, seqLen, hidden, d);
        AddAndNorm(_normed, _projected, _p.Norm2, y);
    }

    /// <summary>y = LayerNorm(residual + x) per row, with the variance over the row (biased, as PyTorch).</summary>
    private void AddAndNorm(ReadOnlySpan<float> residual, ReadOnlySpan<float> x, LayerNormParameters norm, Span<float> y)
    {
        int d = _shape.DModel;
        for (int r = 0; r < _shape.SeqLen; r++)
        {
            Span<float> row = y.Slice(r * d, d);
            TensorPrimitives.Add(residual.Slice(r * d, d), x.Slice(r * d, d), row);
            TensorPrimitives.Subtract(row, TensorPrimitives.Sum(row) / d, row);
            float inverseStd = 1f / MathF.Sqrt(TensorPrimitives.SumOfSquares(row) / d + _shape.LayerNormEps);
            TensorPrimitives.Multiply(row, inverseStd, row);
            TensorPrimitives.MultiplyAdd(row, norm.Weight, norm.Bias, row);
        }
    }
}
