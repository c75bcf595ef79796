using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace AttnGen;

/// <summary>
/// The feed-forward activations and the error function, each in <see cref="Vector512{T}"/>, <see cref="Vector256{T}"/>
/// and <see cref="Vector128{T}"/> forms for generated GEMM epilogues and a scalar form for row tails and for machines
/// without vector acceleration (the vector forms still work there, emulated, but far more slowly). Each vector
/// function is written once over <see cref="IVectorMath{TVector}"/>, so every width runs the same operations; every
/// form is branch-free and allocation-free, and every scalar form performs the same operations in the same order, so
/// it returns exactly what the corresponding vector lane returns (the tests check this bit for bit) — except that the
/// Vector128 form on an x64 processor without FMA rounds each multiply-add twice (<see cref="Vector128Math"/>).
/// </summary>
/// <remarks>
/// .NET has no <c>MathF.Erf</c>, so <see cref="Erf(float)"/> is this library's own, accurate to float32: within
/// 2 ulp of the true value over the whole range (1.16 ulp measured). NaN gives NaN, and the limits at ±∞ are
/// returned exactly — including GELU(−∞) = −0, where PyTorch's formula gives −∞·0 = NaN.
/// </remarks>
public static class Activations
{
    // erf(x) = x + x·Q(x²) for |x| < 1: the leading x is exact, so the result is accurate down to the denormals.
    private const float Q0 = 0.12837917f, Q1 = -0.3761263f, Q2 = 0.11283618f, Q3 = -0.026855126f,
        Q4 = 0.005190734f, Q5 = -0.00080307614f, Q6 = 0.00007920368f;

    // erfc(a) = exp(−a²)·t·S(t), t = 1/(1 + 0.6·a), for a ≥ 1. As a → ∞, t → 0 and S stays finite, so one
    // polynomial covers the whole tail to a few 1e-7 relative: GELU keeps its accuracy where it is tiny.
    // Both polynomials are minimax fits in double, rounded to float one coefficient at a time.
    private const float TailScale = 0.6f;
    private const float S0 = 0.33851376f, S1 = 0.3385109f, S2 = 0.2776942f, S3 = 0.1540429f, S4 = 0.017707748f,
        S5 = -0.15067425f, S6 = -0.021746559f, S7 = -0.11082161f, S8 = 0.32650954f, S9 = -0.1746775f;

    private const float SmallLimit = 1f;
    private const float InverseSqrt2 = 0.70710677f;

    // Below −16 both GELUs round to −0, and above 16 GELU rounds to x itself; clamping there keeps ±∞ from meeting
    // a zero (∞·0 = NaN) and keeps x² finite.
    private const float GeluClamp = 16f;

    // GeluTanh(x) = x/(1 + exp(u)), u = x·(K1 + K2·x²): the same function as x/2·(1 + tanh(√(2/π)·(x + 0.044715·x³)))
    // without the cancellation in 1 + tanh for negative x. For u > 0 it is x·e/(1 + e) with e = exp(−u), so exp never
    // overflows and results down to the denormals survive.
    private const float K1 = -1.5957692f;      // −2·√(2/π)
    private const float K2 = -0.071354814f;    // −2·0.044715·√(2/π)

    // exp: ln 2 split so that n·Ln2High is exact for the n that occur; Cephes expf's polynomial for (exp(r) − 1 − r)/r².
    private const float Log2E = 1.442695f, Ln2High = 0.693359375f, Ln2Low = -2.1219444e-4f;
    private const float E0 = 0.50000001f, E1 = 0.16666665f, E2 = 0.041665796f, E3 = 0.008333452f,
        E4 = 0.0013981999f, E5 = 0.00019875691f;

    // e^−104 is below half the smallest denormal, so the result there is 0 anyway; the floor keeps 2ⁿ in range.
    private const float ExpFloor = -104f;

    /// <summary>The error function, erf(x) = 2/√π·∫₀ˣ exp(−t²) dt, in each lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Erf(Vector256<float> x) => Erf<Vector256Math, Vector256<float>>(x);

    /// <summary>The error function, erf(x) = 2/√π·∫₀ˣ exp(−t²) dt, in each lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Erf(Vector512<float> x) => Erf<Vector512Math, Vector512<float>>(x);

    /// <summary>The error function, erf(x) = 2/√π·∫₀ˣ exp(−t²) dt, in each lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Erf(Vector128<float> x) => Erf<Vector128Math, Vector128<float>>(x);

    /// <summary>The error function, erf(x) = 2/√π·∫₀ˣ exp(−t²) dt.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Erf(float x)
    {
        float a = MathF.Abs(x);
        float squared = x * x;
        return a < SmallLimit
            ? MathF.FusedMultiplyAdd(x, SmallErfCorrection(squared), x)
            : MathF.CopySign(1f - ErfcTail(a, squared), x);
    }

    /// <summary>GELU in its exact form, x·Φ(x) = x/2·(1 + erf(x/√2)), in each lane (PyTorch's <c>F.gelu</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Gelu(Vector256<float> x) => Gelu<Vector256Math, Vector256<float>>(x);

    /// <summary>GELU in its exact form, x·Φ(x) = x/2·(1 + erf(x/√2)), in each lane (PyTorch's <c>F.gelu</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Gelu(Vector512<float> x) => Gelu<Vector512Math, Vector512<float>>(x);

    /// <summary>GELU in its exact form, x·Φ(x) = x/2·(1 + erf(x/√2)), in each lane (PyTorch's <c>F.gelu</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Gelu(Vector128<float> x) => Gelu<Vector128Math, Vector128<float>>(x);

    /// <summary>GELU in its exact form, x·Φ(x) = x/2·(1 + erf(x/√2)) (PyTorch's <c>F.gelu</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Gelu(float x)
    {
        float clamped = MathF.Min(MathF.Max(x, -GeluClamp), GeluClamp);
        float half = clamped * 0.5f;
        float z = clamped * InverseSqrt2;
        float a = MathF.Abs(z);
        float xSquared = clamped * clamped;
        float squared = xSquared * 0.5f;
        if (a < SmallLimit)
        {
            return half * MathF.FusedMultiplyAdd(z, SmallErfCorrection(squared), 1f + z);
        }

        float squaredLow = MathF.FusedMultiplyAdd(clamped, clamped, -xSquared) * 0.5f;
        float tail = ErfcTail(a, squared);
        tail = MathF.FusedMultiplyAdd(-tail, squaredLow, tail);
        return z < 0f ? half * tail : MathF.FusedMultiplyAdd(-half, tail, x);
    }

    /// <summary>
    /// GELU's tanh approximation, x/2·(1 + tanh(√(2/π)·(x + 0.044715·x³))), in each lane (PyTorch's
    /// <c>approximate="tanh"</c>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> GeluTanh(Vector256<float> x) => GeluTanh<Vector256Math, Vector256<float>>(x);

    /// <summary>
    /// GELU's tanh approximation, x/2·(1 + tanh(√(2/π)·(x + 0.044715·x³))), in each lane (PyTorch's
    /// <c>approximate="tanh"</c>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> GeluTanh(Vector512<float> x) => GeluTanh<Vector512Math, Vector512<float>>(x);

    /// <summary>
    /// GELU's tanh approximation, x/2·(1 + tanh(√(2/π)·(x + 0.044715·x³))), in each lane (PyTorch's
    /// <c>approximate="tanh"</c>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> GeluTanh(Vector128<float> x) => GeluTanh<Vector128Math, Vector128<float>>(x);

    /// <summary>GELU's tanh approximation, x/2·(1 + tanh(√(2/π)·(x + 0.044715·x³))) (PyTorch's <c>approximate="tanh"</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float GeluTanh(float x)
    {
        float clamped = MathF.Max(x, -GeluClamp);
        float u = clamped * MathF.FusedMultiplyAdd(K2, clamped * clamped, K1);
        float e = ExpNonPositive(-MathF.Abs(u));
        return (u > 0f ? clamped * e : clamped) / (1f + e);
    }

    /// <summary>
    /// SiLU (swish), x·σ(x) = x/(1 + e^−x), in each lane: the gate of Llama's SwiGLU feed-forward block
    /// (<c>F.silu</c>). −∞ gives −0, the limit, instead of NaN.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Silu(Vector256<float> x) => Silu<Vector256Math, Vector256<float>>(x);

    /// <summary>SiLU, x·σ(x), in each lane: the 512-bit form of <see cref="Silu(Vector256{float})"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Silu(Vector512<float> x) => Silu<Vector512Math, Vector512<float>>(x);

    /// <summary>SiLU, x·σ(x), in each lane: the 128-bit form of <see cref="Silu(Vector256{float})"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Silu(Vector128<float> x) => Silu<Vector128Math, Vector128<float>>(x);

    /// <summary>SiLU, x·σ(x): the scalar twin of the vector form, operation for operation.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Silu(float x)
    {
        float clamped = MathF.Max(x, -float.MaxValue);
        float e = ExpNonPositive(-MathF.Abs(clamped));
        return (clamped > 0f ? clamped : clamped * e) / (1f + e);
    }

    /// <summary>max(x, 0) in each lane; NaN stays NaN and −0 becomes +0, as <see cref="MathF.Max(float, float)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Relu(Vector256<float> x) => Vector256.Max(x, Vector256<float>.Zero);

    /// <summary>max(x, 0) in each lane; NaN stays NaN and −0 becomes +0, as <see cref="MathF.Max(float, float)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Relu(Vector512<float> x) => Vector512.Max(x, Vector512<float>.Zero);

    /// <summary>max(x, 0) in each lane; NaN stays NaN and −0 becomes +0, as <see cref="MathF.Max(float, float)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Relu(Vector128<float> x) => Vector128.Max(x, Vector128<float>.Zero);

    /// <summary>max(x, 0); NaN stays NaN and −0 becomes +0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Relu(float x) => MathF.Max(x, 0f);

    /// <summary>
    /// exp(x) for x ≤ 0 (−∞ gives 0), in each lane: x = n·ln 2 + r with |r| ≤ ln 2 / 2, exp(r) = 1 + r + r²·P(r)
    /// (Cephes' expf polynomial, within 2 ulp), times 2ⁿ; down to the denormals, and exactly 0 where e^x is below half
    /// the smallest of them. The erf tail, GELU-tanh and the generated softmax use it: it inlines, where
    /// <see cref="Vector256.Exp(Vector256{float})"/> is a call (which makes a kernel's loop spill its vectors) that
    /// widens to double. Its scalar twin performs the same operations, so the two agree bit for bit on every hardware path.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> ExpNonPositive(Vector256<float> x) => ExpNonPositive<Vector256Math, Vector256<float>>(x);

    /// <summary>exp(x) for x ≤ 0 (−∞ gives 0), in each lane: the 512-bit form of <see cref="ExpNonPositive(Vector256{float})"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> ExpNonPositive(Vector512<float> x) => ExpNonPositive<Vector512Math, Vector512<float>>(x);

    /// <summary>exp(x) for x ≤ 0 (−∞ gives 0), in each lane: the 128-bit form of <see cref="ExpNonPositive(Vector256{float})"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> ExpNonPositive(Vector128<float> x) => ExpNonPositive<Vector128Math, Vector128<float>>(x);

    /// <summary>exp(x) for x ≤ 0 (−∞ gives 0): the scalar twin of the vector form, operation for operation.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float ExpNonPositive(float x)
    {
        x = MathF.Max(x, ExpFloor);
        float n = MathF.Round(x * Log2E);
        float r = MathF.FusedMultiplyAdd(n, -Ln2High, x);
        r = MathF.FusedMultiplyAdd(n, -Ln2Low, r);
        float p = MathF.FusedMultiplyAdd(E5, r, E4);
        p = MathF.FusedMultiplyAdd(p, r, E3);
        p = MathF.FusedMultiplyAdd(p, r, E2);
        p = MathF.FusedMultiplyAdd(p, r, E1);
        p = MathF.FusedMultiplyAdd(p, r, E0);
        float expR = MathF.FusedMultiplyAdd(p, r * r, r) + 1f;
        int exponent = (int)n;
        int half = exponent >> 1;
        return expR * PowerOfTwo(half) * PowerOfTwo(exponent - half);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector Erf<TMath, TVector>(TVector x)
        where TMath : IVectorMath<TVector>
        where TVector : struct
    {
        var a = TMath.Abs(x);
        var squared = TMath.Multiply(x, x);
        var small = TMath.FusedMultiplyAdd(x, SmallErfCorrection<TMath, TVector>(squared), x);
        var large = TMath.CopySign(TMath.Subtract(TMath.Create(1f), ErfcTail<TMath, TVector>(a, squared)), x);
        return TMath.Select(TMath.LessThan(a, TMath.Create(SmallLimit)), small, large);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector Gelu<TMath, TVector>(TVector x)
        where TMath : IVectorMath<TVector>
        where TVector : struct
    {
        var clamped = TMath.MinWithBound(TMath.MaxWithBound(x, TMath.Create(-GeluClamp)), TMath.Create(GeluClamp));
        var half = TMath.Multiply(clamped, TMath.Create(0.5f));
        var z = TMath.Multiply(clamped, TMath.Create(InverseSqrt2));
        var a = TMath.Abs(z);

        // z² = x²/2 exactly as squared + squaredLow, so the tail's exp sees no rounding of z.
        var xSquared = TMath.Multiply(clamped, clamped);
        var squared = TMath.Multiply(xSquared, TMath.Create(0.5f));
        var squaredLow = TMath.Multiply(TMath.FusedMultiplyAdd(clamped, clamped, Negate<TMath, TVector>(xSquared)), TMath.Create(0.5f));
        var tail = ErfcTail<TMath, TVector>(a, squared);
        tail = TMath.FusedMultiplyAdd(Negate<TMath, TVector>(tail), squaredLow, tail);   // exp(−lo) ≈ 1 − lo

        // 1 + erf(z) = (1 + z) + z·Q(z²): for z in [−1, −½], 1 + z is exact, so nothing cancels where erf(z) nears −1.
        var small = TMath.Multiply(half, TMath.FusedMultiplyAdd(z, SmallErfCorrection<TMath, TVector>(squared), TMath.Add(TMath.Create(1f), z)));
        // 1 + erf(z) is erfc(|z|) for negative z and 2 − erfc(z) for positive z; neither form cancels.
        var large = TMath.Select(
            TMath.LessThan(z, TMath.Create(0f)),
            TMath.Multiply(half, tail),
            TMath.FusedMultiplyAdd(Negate<TMath, TVector>(half), tail, x));
        return TMath.Select(TMath.LessThan(a, TMath.Create(SmallLimit)), small, large);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector GeluTanh<TMath, TVector>(TVector x)
        where TMath : IVectorMath<TVector>
        where TVector : struct
    {
        // Only −∞ needs the clamp (−∞·0); above, e = 0 already gives x.
        var clamped = TMath.MaxWithBound(x, TMath.Create(-GeluClamp));
        var u = TMath.Multiply(clamped, TMath.FusedMultiplyAdd(TMath.Create(K2), TMath.Multiply(clamped, clamped), TMath.Create(K1)));
        var e = ExpNonPositive<TMath, TVector>(Negate<TMath, TVector>(TMath.Abs(u)));
        var numerator = TMath.Select(TMath.GreaterThan(u, TMath.Create(0f)), TMath.Multiply(clamped, e), clamped);
        return TMath.Divide(numerator, TMath.Add(TMath.Create(1f), e));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector Silu<TMath, TVector>(TVector x)
        where TMath : IVectorMath<TVector>
        where TVector : struct
    {
        // e^−|x| never overflows; x·e/(1 + e) below zero and x/(1 + e) above are both σ's stable forms. Only −∞ needs
        // the clamp (−∞·0); the largest finite value meets e = 0 and gives the limit, −0.
        var clamped = TMath.MaxWithBound(x, TMath.Create(-float.MaxValue));
        var e = ExpNonPositive<TMath, TVector>(Negate<TMath, TVector>(TMath.Abs(clamped)));
        var numerator = TMath.Select(TMath.GreaterThan(clamped, TMath.Create(0f)), clamped, TMath.Multiply(clamped, e));
        return TMath.Divide(numerator, TMath.Add(TMath.Create(1f), e));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector ExpNonPositive<TMath, TVector>(TVector x)
        where TMath : IVectorMath<TVector>
        where TVector : struct
    {
        x = TMath.MaxWithBound(x, TMath.Create(ExpFloor));
        var n = TMath.Round(TMath.Multiply(x, TMath.Create(Log2E)));
        var r = TMath.FusedMultiplyAdd(n, TMath.Create(-Ln2High), x);
        r = TMath.FusedMultiplyAdd(n, TMath.Create(-Ln2Low), r);
        var p = TMath.FusedMultiplyAdd(TMath.Create(E5), r, TMath.Create(E4));
        p = TMath.FusedMultiplyAdd(p, r, TMath.Create(E3));
        p = TMath.FusedMultiplyAdd(p, r, TMath.Create(E2));
        p = TMath.FusedMultiplyAdd(p, r, TMath.Create(E1));
        p = TMath.FusedMultiplyAdd(p, r, TMath.Create(E0));
        var expR = TMath.Add(TMath.FusedMultiplyAdd(p, TMath.Multiply(r, r), r), TMath.Create(1f));
        return TMath.ScaleByPowerOfTwo(expR, n);
    }

    /// <summary>Q(x²) = erf(x)/x − 1 for |x| &lt; 1, given <paramref name="squared"/> = x².</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector SmallErfCorrection<TMath, TVector>(TVector squared)
        where TMath : IVectorMath<TVector>
        where TVector : struct
    {
        var q = TMath.FusedMultiplyAdd(TMath.Create(Q6), squared, TMath.Create(Q5));
        q = TMath.FusedMultiplyAdd(q, squared, TMath.Create(Q4));
        q = TMath.FusedMultiplyAdd(q, squared, TMath.Create(Q3));
        q = TMath.FusedMultiplyAdd(q, squared, TMath.Create(Q2));
        q = TMath.FusedMultiplyAdd(q, squared, TMath.Create(Q1));
        return TMath.FusedMultiplyAdd(q, squared, TMath.Create(Q0));
    }

    /// <summary>Q(x²) = erf(x)/x − 1 for |x| &lt; 1, given <paramref name="squared"/> = x².</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float SmallErfCorrection(float squared)
    {
        float q = MathF.FusedMultiplyAdd(Q6, squared, Q5);
        q = MathF.FusedMultiplyAdd(q, squared, Q4);
        q = MathF.FusedMultiplyAdd(q, squared, Q3);
        q = MathF.FusedMultiplyAdd(q, squared, Q2);
        q = MathF.FusedMultiplyAdd(q, squared, Q1);
        return MathF.FusedMultiplyAdd(q, squared, Q0);
    }

    /// <summary>erfc(a) for a ≥ 1, given <paramref name="squared"/> = a².</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector ErfcTail<TMath, TVector>(TVector a, TVector squared)
        where TMath : IVectorMath<TVector>
        where TVector : struct
    {
        var t = TMath.Divide(TMath.Create(1f), TMath.FusedMultiplyAdd(a, TMath.Create(TailScale), TMath.Create(1f)));
        var s = TMath.FusedMultiplyAdd(TMath.Create(S9), t, TMath.Create(S8));
        s = TMath.FusedMultiplyAdd(s, t, TMath.Create(S7));
        s = TMath.FusedMultiplyAdd(s, t, TMath.Create(S6));
        s = TMath.FusedMultiplyAdd(s, t, TMath.Create(S5));
        s = TMath.FusedMultiplyAdd(s, t, TMath.Create(S4));
        s = TMath.FusedMultiplyAdd(s, t, TMath.Create(S3));
        s = TMath.FusedMultiplyAdd(s, t, TMath.Create(S2));
        s = TMath.FusedMultiplyAdd(s, t, TMath.Create(S1));
        s = TMath.FusedMultiplyAdd(s, t, TMath.Create(S0));
        return TMath.Multiply(ExpNonPositive<TMath, TVector>(Negate<TMath, TVector>(squared)), TMath.Multiply(t, s));
    }

    /// <summary>erfc(a) for a ≥ 1, given <paramref name="squared"/> = a².</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float ErfcTail(float a, float squared)
    {
        float t = 1f / MathF.FusedMultiplyAdd(a, TailScale, 1f);
        float s = MathF.FusedMultiplyAdd(S9, t, S8);
        s = MathF.FusedMultiplyAdd(s, t, S7);
        s = MathF.FusedMultiplyAdd(s, t, S6);
        s = MathF.FusedMultiplyAdd(s, t, S5);
        s = MathF.FusedMultiplyAdd(s, t, S4);
        s = MathF.FusedMultiplyAdd(s, t, S3);
        s = MathF.FusedMultiplyAdd(s, t, S2);
        s = MathF.FusedMultiplyAdd(s, t, S1);
        s = MathF.FusedMultiplyAdd(s, t, S0);
        return ExpNonPositive(-squared) * (t * s);
    }

    /// <summary>−x, exactly (a sign flip, as the unary minus of the vector types).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector Negate<TMath, TVector>(TVector x)
        where TMath : IVectorMath<TVector>
        where TVector : struct => TMath.Subtract(TMath.Create(-0f), x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float PowerOfTwo(int k) => BitConverter.Int32BitsToSingle((k + 127) << 23);
}
