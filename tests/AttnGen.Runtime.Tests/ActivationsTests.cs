using System.Runtime.Intrinsics;
using AttnGen.Testing;
using Xunit.Abstractions;

namespace AttnGen.Runtime.Tests;

/// <summary>
/// erf, GELU, GELU-tanh and ReLU against double-precision references over about 1.4 million floats, vector and
/// scalar forms alike; the measured maxima are written to the test output.
/// </summary>
public sealed class ActivationsTests(ITestOutputHelper output)
{
    private static readonly float[] Sweep = BuildSweep();

    /// <summary>
    /// Whether the Vector128 forms' multiply-adds round once, as the scalar forms' do: then every lane must match the
    /// scalar form bit for bit. On x64 without FMA (.ci/run's <c>DOTNET_EnableAVX2=0</c> run) they round twice, and
    /// the lanes are held to <see cref="UnfusedAbsoluteError"/> against the reference instead.
    /// </summary>
    private static bool Vector128IsFused => System.Runtime.Intrinsics.X86.Fma.IsSupported || System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported;

    // The largest absolute error the fused forms are allowed (GELU-tanh, x ≥ 0): measured the same without FMA.
    private const double UnfusedAbsoluteError = 6e-7;

    [Fact]
    public void Erf_IsWithinTwoUlp_Everywhere()
    {
        var (negative, positive) = Measure("Erf", Activations.Erf, Activations.Erf, Activations.Erf, Activations.Erf, ReferenceErf.Erf);

        foreach (var half in new[] { negative, positive })
        {
            Assert.True(half.MaxUlp <= 2, half.ToString());
            Assert.True(half.MaxAbsolute <= 1.2e-7, half.ToString());
        }
    }

    [Fact]
    public void Gelu_MatchesTheErfForm()
    {
        var (negative, positive) = Measure("Gelu", Activations.Gelu, Activations.Gelu, Activations.Gelu, Activations.Gelu, ReferenceGelu);

        // Rounding x/√2 costs a few ulp where 1 + erf(x/√2) is small; the absolute error there is far smaller.
        Assert.True(positive.MaxUlp <= 3, positive.ToString());
        Assert.True(negative.MaxUlp <= 8, negative.ToString());
        Assert.True(positive.MaxAbsolute <= 5e-7, positive.ToString());
        Assert.True(negative.MaxAbsolute <= 1e-7, negative.ToString());
    }

    [Fact]
    public void GeluTanh_MatchesTheTanhForm()
    {
        var (negative, positive) = Measure("GeluTanh", Activations.GeluTanh, Activations.GeluTanh, Activations.GeluTanh, Activations.GeluTanh, ReferenceGeluTanh);

        // For x < 0 the result is about x·exp(−u) with u growing like x³, so the rounding of u (a few 1e-8 relative)
        // grows to ~1e-5 relative by x ≈ −9, where the value is near 1e-30: many ulp, no absolute error to speak of.
        Assert.True(positive.MaxUlp <= 2.5, positive.ToString());
        Assert.True(negative.MaxUlp <= 250, negative.ToString());
        Assert.True(positive.MaxAbsolute <= 6e-7, positive.ToString());
        Assert.True(negative.MaxAbsolute <= 1e-7, negative.ToString());
    }

    [Theory]
    [InlineData(0f, 0f)]
    [InlineData(float.PositiveInfinity, 1f)]
    [InlineData(float.NegativeInfinity, -1f)]
    [InlineData(10f, 1f)]
    [InlineData(-10f, -1f)]
    [InlineData(1e30f, 1f)]
    [InlineData(-1e30f, -1f)]
    [InlineData(3.92f, 1f)]
    [InlineData(float.Epsilon, float.Epsilon)]
    [InlineData(float.NaN, float.NaN)]
    public void Erf_SpecialValues(float x, float expected) => AssertSpecial(Activations.Erf, Activations.Erf, Activations.Erf, Activations.Erf, x, expected);

    [Fact]
    public void Erf_KeepsTheSignOfZero()
    {
        Assert.Equal(BitConverter.SingleToInt32Bits(-0f), BitConverter.SingleToInt32Bits(Activations.Erf(-0f)));
        Assert.Equal(BitConverter.SingleToInt32Bits(-0f), BitConverter.SingleToInt32Bits(Activations.Erf(Vector256.Create(-0f))[3]));
        Assert.Equal(BitConverter.SingleToInt32Bits(-0f), BitConverter.SingleToInt32Bits(Activations.Erf(Vector128.Create(-0f))[1]));
    }

    [Theory]
    [InlineData(0f, 0f)]
    [InlineData(float.PositiveInfinity, float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity, 0f)]   // the limit; PyTorch's −∞·0 gives NaN here
    [InlineData(10f, 10f)]
    [InlineData(1e30f, 1e30f)]
    [InlineData(-1e30f, 0f)]
    [InlineData(float.MaxValue, float.MaxValue)]
    [InlineData(float.NaN, float.NaN)]
    public void Gelu_SpecialValues(float x, float expected) => AssertSpecial(Activations.Gelu, Activations.Gelu, Activations.Gelu, Activations.Gelu, x, expected);

    [Theory]
    [InlineData(0f, 0f)]
    [InlineData(float.PositiveInfinity, float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity, 0f)]
    [InlineData(10f, 10f)]
    [InlineData(1e30f, 1e30f)]
    [InlineData(-1e30f, 0f)]
    [InlineData(float.MaxValue, float.MaxValue)]
    [InlineData(float.NaN, float.NaN)]
    public void GeluTanh_SpecialValues(float x, float expected) => AssertSpecial(Activations.GeluTanh, Activations.GeluTanh, Activations.GeluTanh, Activations.GeluTanh, x, expected);

    [Theory]
    [InlineData(1e-30f)]
    [InlineData(-1e-30f)]
    [InlineData(1e-40f)]
    [InlineData(-1e-40f)]
    public void Gelus_OfTinyInputs_AreHalfTheInput_ToTheUlp(float x)
    {
        AssertWithinUlp(ReferenceGelu(x), Activations.Gelu(x), 1, $"Gelu({x:R})");
        AssertWithinUlp(ReferenceGeluTanh(x), Activations.GeluTanh(x), 1, $"GeluTanh({x:R})");
    }

    [Theory]
    [InlineData(-4f)]
    [InlineData(-8f)]
    [InlineData(-11f)]
    [InlineData(-12f)]
    public void Gelu_DeepInTheNegativeTail_KeepsItsRelativeAccuracy(float x)
    {
        AssertRelative(ReferenceGelu(x), Activations.Gelu(x), 1e-6, $"Gelu({x:R})");
    }

    [Theory]
    [InlineData(-4f)]
    [InlineData(-6f)]
    [InlineData(-8f)]
    [InlineData(-9.5f)]
    public void GeluTanh_DeepInTheNegativeTail_KeepsItsRelativeAccuracy(float x)
    {
        AssertRelative(ReferenceGeluTanh(x), Activations.GeluTanh(x), 3e-5, $"GeluTanh({x:R})");
    }

    [Theory]
    [InlineData(2f, 2f)]
    [InlineData(-1f, 0f)]
    [InlineData(0f, 0f)]
    [InlineData(float.PositiveInfinity, float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity, 0f)]
    [InlineData(float.Epsilon, float.Epsilon)]
    [InlineData(float.NaN, float.NaN)]
    public void Relu_IsMaxWithZero(float x, float expected) => AssertSpecial(Activations.Relu, Activations.Relu, Activations.Relu, Activations.Relu, x, expected);

    [Fact]
    public void Relu_OfNegativeZero_IsPositiveZero()
    {
        Assert.Equal(0, BitConverter.SingleToInt32Bits(Activations.Relu(-0f)));
        Assert.Equal(0, BitConverter.SingleToInt32Bits(Activations.Relu(Vector256.Create(-0f))[0]));
        Assert.Equal(0, BitConverter.SingleToInt32Bits(Activations.Relu(Vector512.Create(-0f))[0]));
        Assert.Equal(0, BitConverter.SingleToInt32Bits(Activations.Relu(Vector128.Create(-0f))[0]));
    }

    /// <summary>
    /// Runs the three forms over <see cref="Sweep"/>, fails on the first input where the scalar form does not return
    /// each vector lane's exact bits, and returns the errors against <paramref name="reference"/> for x &lt; 0 and x ≥ 0.
    /// </summary>
    private (ErrorStatistics Negative, ErrorStatistics Positive) Measure(
        string name,
        Func<Vector256<float>, Vector256<float>> vector,
        Func<Vector512<float>, Vector512<float>> wide,
        Func<Vector128<float>, Vector128<float>> small,
        Func<float, float> scalar,
        Func<double, double> reference)
    {
        var vectorResults = new float[Sweep.Length];
        var wideResults = new float[Sweep.Length];
        var smallResults = new float[Sweep.Length];
        for (int i = 0; i < Sweep.Length; i += Vector128<float>.Count)
        {
            small(Vector128.Create(Sweep.AsSpan(i))).CopyTo(smallResults.AsSpan(i));
        }

        for (int i = 0; i < Sweep.Length; i += Vector256<float>.Count)
        {
            vector(Vector256.Create(Sweep.AsSpan(i))).CopyTo(vectorResults.AsSpan(i));
        }

        for (int i = 0; i < Sweep.Length; i += Vector512<float>.Count)
        {
            wide(Vector512.Create(Sweep.AsSpan(i))).CopyTo(wideResults.AsSpan(i));
        }

        var negative = new ErrorStatistics($"{name}, x < 0");
        var positive = new ErrorStatistics($"{name}, x ≥ 0");
        var unfused = new ErrorStatistics($"{name}, Vector128 without FMA");
        for (int i = 0; i < Sweep.Length; i++)
        {
            float x = Sweep[i], actual = scalar(x);
            if (BitConverter.SingleToInt32Bits(actual) != BitConverter.SingleToInt32Bits(vectorResults[i]))
            {
                Assert.Fail($"{name}({x:R}): scalar {actual:R}, vector lane {vectorResults[i]:R}.");
            }

            if (BitConverter.SingleToInt32Bits(actual) != BitConverter.SingleToInt32Bits(wideResults[i]))
            {
                Assert.Fail($"{name}({x:R}): scalar {actual:R}, Vector512 lane {wideResults[i]:R}.");
            }

            if (!Vector128IsFused)
            {
                unfused.Add(x, reference(x), smallResults[i]);
            }
            else if (BitConverter.SingleToInt32Bits(actual) != BitConverter.SingleToInt32Bits(smallResults[i]))
            {
                Assert.Fail($"{name}({x:R}): scalar {actual:R}, Vector128 lane {smallResults[i]:R}.");
            }

            (x < 0 ? negative : positive).Add(x, reference(x), actual);
        }

        output.WriteLine(negative.ToString());
        output.WriteLine(positive.ToString());
        if (!Vector128IsFused)
        {
            output.WriteLine(unfused.ToString());
            Assert.True(unfused.MaxAbsolute <= UnfusedAbsoluteError, unfused.ToString());
        }

        return (negative, positive);
    }

    private static void AssertSpecial(
        Func<Vector256<float>, Vector256<float>> vector,
        Func<Vector512<float>, Vector512<float>> wide,
        Func<Vector128<float>, Vector128<float>> small,
        Func<float, float> scalar,
        float x,
        float expected)
    {
        float fromScalar = scalar(x), fromVector = vector(Vector256.Create(x)).GetElement(5), fromWide = wide(Vector512.Create(x)).GetElement(13);
        float fromSmall = small(Vector128.Create(x)).GetElement(2);

        Assert.Equal(expected, fromScalar);
        Assert.Equal(BitConverter.SingleToInt32Bits(fromScalar), BitConverter.SingleToInt32Bits(fromVector));
        Assert.Equal(BitConverter.SingleToInt32Bits(fromScalar), BitConverter.SingleToInt32Bits(fromWide));
        Assert.Equal(BitConverter.SingleToInt32Bits(fromScalar), BitConverter.SingleToInt32Bits(fromSmall));
    }

    private static void AssertWithinUlp(double expected, float actual, double ulps, string what)
    {
        double error = Math.Abs(actual - expected) / Ulp(expected);
        Assert.True(error <= ulps, $"{what}: expected {expected:R}, got {actual:R} ({error:F2} ulp; allowed {ulps:F2}).");
    }

    private static void AssertRelative(double expected, float actual, double relative, string what)
    {
        double error = Math.Abs(actual - expected) / Math.Abs(expected);
        Assert.True(error <= relative, $"{what}: expected {expected:R}, got {actual:R} (relative error {error:E2}; allowed {relative:E0}).");
    }

    private static double ReferenceGelu(double x) => ScalarLayers.Activate(ActivationKind.Gelu, x);

    private static double ReferenceGeluTanh(double x) => ScalarLayers.Activate(ActivationKind.GeluTanh, x);

    /// <summary>The spacing of floats at <paramref name="value"/>'s magnitude: 2^(exponent − 23), 2^−149 among the denormals.</summary>
    private static double Ulp(double value) => Math.ScaleB(1, Math.Max(Math.ILogB(value), -126) - 23);

    /// <summary>
    /// Every 2^−16 across [−6, 6], where erf and GELU change; every 2^−10 across [−20, 20], where the GELUs' tails
    /// shrink; and every 4096th float of each sign from the denormals up to 20, so each binade is sampled.
    /// </summary>
    private static float[] BuildSweep()
    {
        var points = new List<float>();
        for (int i = -6 << 16; i <= 6 << 16; i++)
        {
            points.Add(MathF.ScaleB(i, -16));
        }

        for (int i = -20 << 10; i <= 20 << 10; i++)
        {
            points.Add(MathF.ScaleB(i, -10));
        }

        for (int bits = 0; bits <= BitConverter.SingleToInt32Bits(20f); bits += 4096)
        {
            float x = BitConverter.Int32BitsToSingle(bits);
            points.Add(x);
            points.Add(-x);
        }

        // Whole vectors of either width only: Measure runs the vector forms over the entire array.
        while (points.Count % Vector512<float>.Count != 0)
        {
            points.Add(0f);
        }

        return [.. points];
    }

    /// <summary>
    /// The largest absolute error, and the largest error in ulp of the expected value where that is at least 1e-30
    /// (below it the GELUs' intermediates are denormal and only the absolute error is meaningful).
    /// </summary>
    private sealed class ErrorStatistics(string name)
    {
        private const double UlpFloor = 1e-30;
        private float maxAbsoluteAt, maxUlpAt;

        public double MaxAbsolute { get; private set; }

        public double MaxUlp { get; private set; }

        public void Add(float x, double expected, float actual)
        {
            double absolute = Math.Abs(actual - expected);
            if (absolute > MaxAbsolute)
            {
                (MaxAbsolute, maxAbsoluteAt) = (absolute, x);
            }

            double ulps = absolute / Ulp(expected);
            if (Math.Abs(expected) >= UlpFloor && ulps > MaxUlp)
            {
                (MaxUlp, maxUlpAt) = (ulps, x);
            }
        }

        public override string ToString() =>
            $"{name}: max |error| {MaxAbsolute:E2} at x = {maxAbsoluteAt:R}; max {MaxUlp:F2} ulp at x = {maxUlpAt:R}";
    }
}
