namespace AttnGen.Testing;

/// <summary>
/// The oracle's building blocks besides attention, in double precision with plain loops, from PyTorch-layout
/// parameters: the activations, LayerNorm and RMSNorm, linear layers and the feed-forward block. Rows are independent
/// throughout, so every function takes all rows of a batch at once.
/// </summary>
internal static class ScalarLayers
{
    /// <summary>
    /// One activation, in forms that keep their relative accuracy in the negative tails, where the float activations
    /// are measured against them too.
    /// </summary>
    public static double Activate(ActivationKind activation, double x) => activation switch
    {
        // erfc(−x/√2) is 1 + erf(x/√2) without the cancellation that form suffers for x < 0.
        ActivationKind.Gelu => x / 2 * ReferenceErf.Erfc(-x / Math.Sqrt(2)),

        // x/2·(1 + tanh(y)) = x/(1 + exp(−2y)): the same value without the cancellation in 1 + tanh(y) for x < 0.
        ActivationKind.GeluTanh => x / (1 + Math.Exp(-2 * Math.Sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x))),
        ActivationKind.Relu => Math.Max(x, 0),
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, null),
    };

    /// <summary>PyTorch's <c>nn.LayerNorm</c> over each row: mean, biased variance, <c>(x − mean)/√(var + eps)·w + b</c>.</summary>
    /// <remarks>The variance is taken in a second pass around the mean, so that rows far from 0 lose nothing to cancellation.</remarks>
    public static double[] LayerNorm(double[] x, LayerNormParameters p, double eps)
    {
        int width = p.DModel;
        var y = new double[x.Length];
        for (int start = 0; start < x.Length; start += width)
        {
            double mean = 0;
            for (int i = 0; i < width; i++)
            {
                mean += x[start + i];
            }

            mean /= width;
            double variance = 0;
            for (int i = 0; i < width; i++)
            {
                variance += (x[start + i] - mean) * (x[start + i] - mean);
            }

            double scale = 1 / Math.Sqrt(variance / width + eps);
            for (int i = 0; i < width; i++)
            {
                y[start + i] = (x[start + i] - mean) * scale * p.Weight[i] + p.Bias[i];
            }
        }

        return y;
    }

    /// <summary>HuggingFace's <c>LlamaRMSNorm</c> over each row: <c>x · rsqrt(mean(x²) + eps) · weight</c>, no mean taken out, no bias.</summary>
    public static double[] RmsNorm(double[] x, float[] weight, double eps)
    {
        int width = weight.Length;
        var y = new double[x.Length];
        for (int start = 0; start < x.Length; start += width)
        {
            double squares = 0;
            for (int i = 0; i < width; i++)
            {
                squares += x[start + i] * x[start + i];
            }

            double scale = 1 / Math.Sqrt(squares / width + eps);
            for (int i = 0; i < width; i++)
            {
                y[start + i] = x[start + i] * scale * weight[i];
            }
        }

        return y;
    }

    /// <summary>
    /// <c>act(x·W₁ᵀ + b₁)·W₂ᵀ + b₂</c> on every row of <paramref name="x"/> (<c>[rows, DModel]</c>). Biases are skipped
    /// when the parameters have none.
    /// </summary>
    public static double[] FeedForward(double[] x, FeedForwardParameters p, ActivationKind activation)
    {
        double[] hidden = Linear(x, p.DModel, p.Hidden, p.InputWeight, p.InputBias);
        for (int i = 0; i < hidden.Length; i++)
        {
            hidden[i] = Activate(activation, hidden[i]);
        }

        return Linear(hidden, p.Hidden, p.DModel, p.OutputWeight, p.OutputBias);
    }

    /// <summary><c>x[rows, inputs]·Wᵀ + b</c> with W as <c>[outputs, inputs]</c> row-major; no bias when it is null.</summary>
    public static double[] Linear(double[] x, int inputs, int outputs, float[] weight, float[]? bias)
    {
        int rows = x.Length / inputs;
        var y = new double[rows * outputs];
        for (int r = 0; r < rows; r++)
        {
            for (int o = 0; o < outputs; o++)
            {
                double sum = bias is null ? 0.0 : bias[o];
                for (int i = 0; i < inputs; i++)
                {
                    sum += x[r * inputs + i] * (double)weight[o * inputs + i];
                }

                y[r * outputs + o] = sum;
            }
        }

        return y;
    }

    public static double[] Widen(float[] x) => Array.ConvertAll(x, v => (double)v);

    public static float[] Narrow(double[] x) => Array.ConvertAll(x, v => (float)v);

    public static double[] Add(double[] a, double[] b) => a.Zip(b, (u, v) => u + v).ToArray();
}
