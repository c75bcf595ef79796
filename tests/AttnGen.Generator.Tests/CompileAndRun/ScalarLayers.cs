namespace AttnGen.Generator.Tests.CompileAndRun;

/// <summary>
/// The oracle's building blocks besides attention, in double precision with plain loops, from PyTorch-layout
/// parameters: erf, the activations, LayerNorm, linear layers and the feed-forward block. Rows are independent
/// throughout, so every function takes all rows of a batch at once.
/// </summary>
internal static class ScalarLayers
{
    private static readonly double TwoOverSqrtPi = 2 / Math.Sqrt(Math.PI);

    /// <summary>
    /// The error function to about 1e-15. .NET has none, and the generated GELU must be judged against something
    /// more accurate than itself, so this one sums <c>erf(a) = 2/√π · e^(−a²) · Σₙ (2a²)ⁿ · a / (1·3·…·(2n+1))</c>:
    /// every term is positive, so nothing cancels, and the terms fall off once n passes a².
    /// </summary>
    public static double Erf(double x)
    {
        double a = Math.Abs(x);
        if (a >= 6)
        {
            // 1 − erf(6) ≈ 2e-17, below half an ulp of 1.
            return Math.CopySign(1.0, x);
        }

        double twoASquared = 2 * a * a, term = a, sum = a;
        for (int n = 1; term > sum * 1e-17; n++)
        {
            term *= twoASquared / (2 * n + 1);
            sum += term;
        }

        return Math.CopySign(TwoOverSqrtPi * Math.Exp(-a * a) * sum, x);
    }

    public static double Activate(ActivationKind activation, double x) => activation switch
    {
        ActivationKind.Gelu => x / 2 * (1 + Erf(x / Math.Sqrt(2))),
        ActivationKind.GeluTanh => x / 2 * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x))),
        ActivationKind.Relu => Math.Max(x, 0),
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, null),
    };

    /// <summary>PyTorch's <c>nn.LayerNorm</c> over each row: mean, biased variance, <c>(x − mean)/√(var + eps)·w + b</c>.</summary>
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

    /// <summary><c>x[rows, inputs]·Wᵀ + b</c> with W as <c>[outputs, inputs]</c> row-major.</summary>
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
