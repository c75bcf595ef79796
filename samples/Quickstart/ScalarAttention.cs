using AttnGen;

/// <summary>
/// Causal multi-head self-attention as plain loops, the way one would first write it: the yardstick the
/// generated code is compared with, for both its numbers and its speed.
/// </summary>
internal static class ScalarAttention
{
    public static void Forward(AttentionParameters p, int heads, int seqLen, ReadOnlySpan<float> x, Span<float> y)
    {
        int d = p.DModel, headDim = d / heads, batch = x.Length / (seqLen * d);
        float scale = 1f / MathF.Sqrt(headDim);
        var q = new float[seqLen * d];
        var k = new float[seqLen * d];
        var v = new float[seqLen * d];
        var context = new float[seqLen * d];
        var scores = new float[seqLen];
        for (int b = 0; b < batch; b++)
        {
            ReadOnlySpan<float> xb = x.Slice(b * seqLen * d, seqLen * d);
            Linear(xb, p.QueryWeight, p.QueryBias, q, d);
            Linear(xb, p.KeyWeight, p.KeyBias, k, d);
            Linear(xb, p.ValueWeight, p.ValueBias, v, d);
            for (int h = 0; h < heads; h++)
            {
                for (int i = 0; i < seqLen; i++)
                {
                    float max = float.NegativeInfinity;
                    for (int j = 0; j <= i; j++)
                    {
                        float dot = 0;
                        for (int c = 0; c < headDim; c++)
                        {
                            dot += q[i * d + h * headDim + c] * k[j * d + h * headDim + c];
                        }

                        scores[j] = dot * scale;
                        max = MathF.Max(max, scores[j]);
                    }

                    float sum = 0;
                    for (int j = 0; j <= i; j++)
                    {
                        scores[j] = MathF.Exp(scores[j] - max);
                        sum += scores[j];
                    }

                    for (int c = 0; c < headDim; c++)
                    {
                        float value = 0;
                        for (int j = 0; j <= i; j++)
                        {
                            value += scores[j] / sum * v[j * d + h * headDim + c];
                        }

                        context[i * d + h * headDim + c] = value;
                    }
                }
            }

            Linear(context, p.OutputWeight, p.OutputBias, y.Slice(b * seqLen * d, seqLen * d), d);
        }
    }

    private static void Linear(ReadOnlySpan<float> input, float[] weight, float[]? bias, Span<float> output, int d)
    {
        for (int row = 0; row < input.Length / d; row++)
        {
            for (int o = 0; o < d; o++)
            {
                float sum = bias?[o] ?? 0;
                for (int i = 0; i < d; i++)
                {
                    sum += input[row * d + i] * weight[o * d + i];
                }

                output[row * d + o] = sum;
            }
        }
    }
}
