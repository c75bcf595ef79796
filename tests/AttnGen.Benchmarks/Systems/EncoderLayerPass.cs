using AttnGen.Benchmarks.Workloads;

namespace AttnGen.Benchmarks.Systems;

/// <summary>
/// A post-norm encoder layer (PyTorch's <c>nn.TransformerEncoderLayer</c>, BERT's layer) composed from one plain
/// C# system's primitives: h = LayerNorm(x + Attention(x)), y = LayerNorm(h + W₂·GELU(W₁·h + b₁) + b₂). The
/// systems differ only in the primitives, so the composition is written once.
/// </summary>
internal abstract class EncoderLayerPass : IForwardPass
{
    private readonly EncoderLayerParameters _p;
    private readonly IForwardPass _attention;
    private readonly float[] _attended, _normed, _hidden, _projected;

    protected EncoderLayerPass(EncoderLayerParameters parameters, Workload shape, IForwardPass attention)
    {
        _p = parameters;
        Shape = shape;
        _attention = attention;
        _attended = new float[shape.Length];
        _normed = new float[shape.Length];
        _hidden = new float[shape.SeqLen * shape.Hidden];
        _projected = new float[shape.Length];
    }

    protected Workload Shape { get; }

    public void Forward(ReadOnlySpan<float> x, Span<float> y)
    {
        int d = Shape.DModel, seqLen = Shape.SeqLen, hidden = Shape.Hidden;
        _attention.Forward(x, _attended);
        AddAndNorm(x, _attended, _p.Norm1, _normed);

        FeedForwardParameters ff = _p.FeedForward;
        Linear(_normed, ff.InputWeight, ff.InputBias!, _hidden, seqLen, d, hidden);
        for (int i = 0; i < _hidden.Length; i++)
        {
            // .NET (and TensorPrimitives) has no erf; the runtime's scalar GELU carries one accurate to float32.
            _hidden[i] = Activations.Gelu(_hidden[i]);
        }

        Linear(_hidden, ff.OutputWeight, ff.OutputBias!, _projected, seqLen, hidden, d);
        AddAndNorm(_normed, _projected, _p.Norm2, y);
    }

    /// <summary>y = x·Wᵀ + b over <paramref name="rows"/> rows, W in PyTorch's <c>[outputs, inputs]</c> layout.</summary>
    protected abstract void Linear(ReadOnlySpan<float> x, float[] weight, float[] bias, Span<float> y, int rows, int inputs, int outputs);

    /// <summary>y = LayerNorm(residual + x) per row, with the variance over the row (biased, as PyTorch).</summary>
    protected abstract void AddAndNorm(ReadOnlySpan<float> residual, ReadOnlySpan<float> x, LayerNormParameters norm, Span<float> y);
}
