using System.Numerics.Tensors;
using AttnGen.Benchmarks.Workloads;

namespace AttnGen.Benchmarks.Systems;

/// <summary>
/// Multi-head self-attention built from <see cref="TensorPrimitives"/> calls over rows: what a careful .NET developer
/// writes with the standard vectorised library and no kernels of their own.
/// </summary>
internal sealed class TensorPrimitivesAttention : IForwardPass
{
    private const int RowBlock = 16;

    private readonly AttentionParameters _p;
    private readonly Workload _shape;
    private readonly float[] _q, _k, _v, _context, _weights;

    public TensorPrimitivesAttention(AttentionParameters parameters, Workload shape)
    {
        _p = parameters;
        _shape = shape;
        _q = new float[shape.Length];
        _k = new float[shape.Length];
        _v = new float[shape.Length];
        _context = new float[shape.Length];
        _weights = new float[shape.SeqLen];
    }

    public void Forward(ReadOnlySpan<float> x, Span<float> y)
    {
        int d = _shape.DModel, seqLen = _shape.SeqLen, headDim = _shape.HeadDim;
        float scale = 1f / MathF.Sqrt(headDim);
        Linear(x, _p.QueryWeight, _p.QueryBias!, _q, seqLen, d, d);
        Linear(x, _p.KeyWeight, _p.KeyBias!, _k, seqLen, d, d);
        Linear(x, _p.ValueWeight, _p.ValueBias!, _v, seqLen, d, d);
        _context.AsSpan().Clear();
        for (int h = 0; h < _shape.Heads; h++)
        {
            int column = h * headDim;
            for (int i = 0; i < seqLen; i++)
            {
                int visible = _shape.Causal ? i + 1 : seqLen;
                Span<float> weights = _weights.AsSpan(0, visible);
                ReadOnlySpan<float> query = _q.AsSpan(i * d + column, headDim);
                for (int j = 0; j < visible; j++)
                {
                    weights[j] = TensorPrimitives.Dot(query, _k.AsSpan(j * d + column, headDim)) * scale;
                }

                // Softmax with the row maximum subtracted, as PyTorch: SoftMax itself does not subtract it.
                TensorPrimitives.Subtract(weights, TensorPrimitives.Max(weights), weights);
                TensorPrimitives.Exp(weights, weights);
                TensorPrimitives.Divide(weights, TensorPrimitives.Sum(weights), weights);

                Span<float> context = _context.AsSpan(i * d + column, headDim);
                for (int j = 0; j < visible; j++)
                {
                    TensorPrimitives.MultiplyAdd(_v.AsSpan(j * d + column, headDim), weights[j], context, context);
                }
            }
        }

        Linear(_context, _p.OutputWeight, _p.OutputBias!, y, seqLen, d, d);
    }

    /// <summary>
    /// y = x·Wᵀ + b with W in PyTorch's <c>[outputs, inputs]</c> layout: each output one
    /// <see cref="TensorPrimitives.Dot(ReadOnlySpan{float}, ReadOnlySpan{float})"/> of an input row with a weight row,
    /// both contiguous.
    /// </summary>
    public static void Linear(ReadOnlySpan<float> x, float[] weight, float[] bias, Span<float> y, int rows, int inputs, int outputs)
    {
        // A block of rows stays in cache while every weight row passes over it, so the weights (9 MB for BERT's
        // feed-forward) stream from memory once per block rather than once per row.
        for (int first = 0; first < rows; first += RowBlock)
        {
            int end = Math.Min(first + RowBlock, rows);
            for (int o = 0; o < outputs; o++)
            {
                ReadOnlySpan<float> weightRow = weight.AsSpan(o * inputs, inputs);
                for (int r = first; r < end; r++)
                {
                    y[r * outputs + o] = TensorPrimitives.Dot(x.Slice(r * inputs, inputs), weightRow) + bias[o];
                }
            }
        }
    }
}
