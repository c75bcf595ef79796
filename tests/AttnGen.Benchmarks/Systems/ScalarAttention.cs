using AttnGen.Benchmarks.Workloads;

namespace AttnGen.Benchmarks.Systems;

/// <summary>
/// Multi-head self-attention as straightforward float loops, the way one first writes it: the floor every faster
/// system is measured against. Scratch is allocated once, so a call allocates nothing, as with the other systems.
/// </summary>
internal sealed class ScalarAttention : IForwardPass
{
    private readonly AttentionParameters _p;
    private readonly Workload _shape;
    private readonly float[] _q, _k, _v, _context, _scores;

    public ScalarAttention(AttentionParameters parameters, Workload shape)
    {
        _p = parameters;
        _shape = shape;
        _q = new float[shape.Length];
        _k = new float[shape.Length];
        _v = new float[shape.Length];
        _context = new float[shape.Length];
        _scores = new float[shape.SeqLen];
    }

    public void Forward(ReadOnlySpan<float> x, Span<float> y)
    {
        int d = _shape.DModel, seqLen = _shape.SeqLen, headDim = _shape.HeadDim;
        float scale = 1f / MathF.Sqrt(headDim);
        Linear(x, _p.QueryWeight, _p.QueryBias!, _q, seqLen, d, d);
        Linear(x, _p.KeyWeight, _p.KeyBias!, _k, seqLen, d, d);
        Linear(x, _p.ValueWeight, _p.ValueBias!, _v, seqLen, d, d);
        for (int h = 0; h < _shape.Heads; h++)
        {
            int column = h * headDim;
            for (int i = 0; i < seqLen; i++)
            {
                int visible = _shape.Causal ? i + 1 : seqLen;
                float max = float.NegativeInfinity;
                for (int j = 0; j < visible; j++)
                {
                    float dot = 0;
                    for (int c = 0; c < headDim; c++)
                    {
                        dot += _q[i * d + column + c] * _k[j * d + column + c];
                    }

                    _scores[j] = dot * scale;
                    max = MathF.Max(max, _scores[j]);
                }

                float sum = 0;
                for (int j = 0; j < visible; j++)
                {
                    _scores[j] = MathF.Exp(_scores[j] - max);
                    sum += _scores[j];
                }

                for (int c = 0; c < headDim; c++)
                {
                    float value = 0;
                    for (int j = 0; j < visible; j++)
                    {
                        value += _scores[j] * _v[j * d + column + c];
                    }

                    _context[i * d + column + c] = value / sum;
                }
            }
        }

        Linear(_context, _p.OutputWeight, _p.OutputBias!, y, seqLen, d, d);
    }

    /// <summary>y = x·Wᵀ + b with W in PyTorch's <c>[outputs, inputs]</c> layout, for <paramref name="rows"/> rows.</summary>
    public static void Linear(ReadOnlySpan<float> x, float[] weight, float[] bias, Span<float> y, int rows, int inputs, int outputs)
    {
        for (int r = 0; r < rows; r++)
        {
            for (int o = 0; o < outputs; o++)
            {
                float sum = bias[o];
                for (int i = 0; i < inputs; i++)
                {
                    sum += x[r * inputs + i] * weight[o * inputs + i];
                }

                y[r * outputs + o] = sum;
            }
        }
    }
}
