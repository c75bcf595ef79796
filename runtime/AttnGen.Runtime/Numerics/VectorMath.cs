using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace AttnGen;

/// <summary>
/// The lane-wise float operations the activations are written in, for one vector width. <see cref="Activations"/>
/// implements each function once over this interface; the JIT specialises it for each width's struct and inlines
/// every call, so the <see cref="Vector256{T}"/> and <see cref="Vector512{T}"/> forms are exactly the code a
/// hand-written version would be, and perform the same operations in the same order (bit-identical lanes).
/// </summary>
/// <typeparam name="TVector">The vector of floats (<c>Vector128&lt;float&gt;</c>, <c>Vector256&lt;float&gt;</c>, <c>Vector512&lt;float&gt;</c>).</typeparam>
internal interface IVectorMath<TVector>
    where TVector : struct
{
    static abstract TVector Create(float value);

    static abstract TVector Add(TVector x, TVector y);

    static abstract TVector Subtract(TVector x, TVector y);

    static abstract TVector Multiply(TVector x, TVector y);

    static abstract TVector Divide(TVector x, TVector y);

    /// <summary>x·y + addend, rounded once (<see cref="Vector128Math"/>: where the processor can).</summary>
    static abstract TVector FusedMultiplyAdd(TVector x, TVector y, TVector addend);

    /// <summary>
    /// The smaller of x and a <paramref name="bound"/> that is never NaN; a NaN in x stays NaN. One instruction where
    /// the IEEE <c>Min</c> takes three (its ±0 and NaN rules), since a bound needs neither.
    /// </summary>
    static abstract TVector MinWithBound(TVector x, TVector bound);

    /// <summary>The larger of x and a <paramref name="bound"/> that is never NaN; a NaN in x stays NaN (as <see cref="MinWithBound"/>).</summary>
    static abstract TVector MaxWithBound(TVector x, TVector bound);

    static abstract TVector Abs(TVector x);

    /// <summary>To the nearest integer, ties to even.</summary>
    static abstract TVector Round(TVector x);

    static abstract TVector CopySign(TVector value, TVector sign);

    /// <summary>All bits set in the lanes where x &lt; y.</summary>
    static abstract TVector LessThan(TVector x, TVector y);

    /// <summary>All bits set in the lanes where x &gt; y.</summary>
    static abstract TVector GreaterThan(TVector x, TVector y);

    /// <summary>x where <paramref name="mask"/> is set, else y.</summary>
    static abstract TVector Select(TVector mask, TVector x, TVector y);

    /// <summary>
    /// value·2ⁿ for integral n in [−252, 254] (a NaN n only where value is NaN): two factors, each a normal float, so a
    /// result in the denormal range rounds once.
    /// </summary>
    static abstract TVector ScaleByPowerOfTwo(TVector value, TVector n);
}

/// <summary>
/// <see cref="IVectorMath{TVector}"/> over <see cref="Vector256{T}"/>. It and <see cref="Vector512Math"/> read alike
/// line for line: .NET keeps the interface both vector types implement (<c>ISimdVector</c>) internal, so each width
/// names its own operations here, once, and everything else is written over the interface.
/// </summary>
internal readonly struct Vector256Math : IVectorMath<Vector256<float>>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Create(float value) => Vector256.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Add(Vector256<float> x, Vector256<float> y) => x + y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Subtract(Vector256<float> x, Vector256<float> y) => x - y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Multiply(Vector256<float> x, Vector256<float> y) => x * y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Divide(Vector256<float> x, Vector256<float> y) => x / y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> FusedMultiplyAdd(Vector256<float> x, Vector256<float> y, Vector256<float> addend) =>
        Vector256.FusedMultiplyAdd(x, y, addend);

    // The native min/max return their second operand when either is NaN (x86 minps/maxps), so x goes second.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> MinWithBound(Vector256<float> x, Vector256<float> bound) => Vector256.MinNative(bound, x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> MaxWithBound(Vector256<float> x, Vector256<float> bound) => Vector256.MaxNative(bound, x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Abs(Vector256<float> x) => Vector256.Abs(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Round(Vector256<float> x) => Vector256.Round(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> CopySign(Vector256<float> value, Vector256<float> sign) => Vector256.CopySign(value, sign);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> LessThan(Vector256<float> x, Vector256<float> y) => Vector256.LessThan(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> GreaterThan(Vector256<float> x, Vector256<float> y) => Vector256.GreaterThan(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Select(Vector256<float> mask, Vector256<float> x, Vector256<float> y) =>
        Vector256.ConditionalSelect(mask, x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> ScaleByPowerOfTwo(Vector256<float> value, Vector256<float> n)
    {
        // n is integral and in range: the native conversion is one instruction, the saturating one four.
        var exponent = Vector256.ConvertToInt32Native(n);
        var half = exponent >> 1;
        return value * PowerOfTwo(half) * PowerOfTwo(exponent - half);
    }

    /// <summary>2ᵏ for −126 ≤ k ≤ 127, built from its exponent bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> PowerOfTwo(Vector256<int> k) => ((k + Vector256.Create(127)) << 23).AsSingle();
}

/// <summary><see cref="IVectorMath{TVector}"/> over <see cref="Vector512{T}"/>.</summary>
internal readonly struct Vector512Math : IVectorMath<Vector512<float>>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Create(float value) => Vector512.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Add(Vector512<float> x, Vector512<float> y) => x + y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Subtract(Vector512<float> x, Vector512<float> y) => x - y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Multiply(Vector512<float> x, Vector512<float> y) => x * y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Divide(Vector512<float> x, Vector512<float> y) => x / y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> FusedMultiplyAdd(Vector512<float> x, Vector512<float> y, Vector512<float> addend) =>
        Vector512.FusedMultiplyAdd(x, y, addend);

    // The native min/max return their second operand when either is NaN (x86 minps/maxps), so x goes second.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> MinWithBound(Vector512<float> x, Vector512<float> bound) => Vector512.MinNative(bound, x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> MaxWithBound(Vector512<float> x, Vector512<float> bound) => Vector512.MaxNative(bound, x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Abs(Vector512<float> x) => Vector512.Abs(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Round(Vector512<float> x) => Vector512.Round(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> CopySign(Vector512<float> value, Vector512<float> sign) => Vector512.CopySign(value, sign);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> LessThan(Vector512<float> x, Vector512<float> y) => Vector512.LessThan(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> GreaterThan(Vector512<float> x, Vector512<float> y) => Vector512.GreaterThan(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Select(Vector512<float> mask, Vector512<float> x, Vector512<float> y) =>
        Vector512.ConditionalSelect(mask, x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> ScaleByPowerOfTwo(Vector512<float> value, Vector512<float> n)
    {
        // n is integral and in range: the native conversion is one instruction, the saturating one four.
        var exponent = Vector512.ConvertToInt32Native(n);
        var half = exponent >> 1;
        return value * PowerOfTwo(half) * PowerOfTwo(exponent - half);
    }

    /// <summary>2ᵏ for −126 ≤ k ≤ 127, built from its exponent bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> PowerOfTwo(Vector512<int> k) => ((k + Vector512.Create(127)) << 23).AsSingle();
}

/// <summary>
/// <see cref="IVectorMath{TVector}"/> over <see cref="Vector128{T}"/>: the form for x64 without AVX2 and for ARM64 (NEON).
/// Its multiply-add rounds once where the processor has a fused multiply-add (every ARM64, x64 with FMA) and twice
/// where it has none: emulating the fused form there costs several times the whole computation.
/// </summary>
internal readonly struct Vector128Math : IVectorMath<Vector128<float>>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Create(float value) => Vector128.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Add(Vector128<float> x, Vector128<float> y) => x + y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Subtract(Vector128<float> x, Vector128<float> y) => x - y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Multiply(Vector128<float> x, Vector128<float> y) => x * y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Divide(Vector128<float> x, Vector128<float> y) => x / y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> FusedMultiplyAdd(Vector128<float> x, Vector128<float> y, Vector128<float> addend) =>
        Vector128.MultiplyAddEstimate(x, y, addend);

    // The native min/max return their second operand when either is NaN (x86 minps/maxps), so x goes second.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> MinWithBound(Vector128<float> x, Vector128<float> bound) => Vector128.MinNative(bound, x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> MaxWithBound(Vector128<float> x, Vector128<float> bound) => Vector128.MaxNative(bound, x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Abs(Vector128<float> x) => Vector128.Abs(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Round(Vector128<float> x) => Vector128.Round(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> CopySign(Vector128<float> value, Vector128<float> sign) => Vector128.CopySign(value, sign);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> LessThan(Vector128<float> x, Vector128<float> y) => Vector128.LessThan(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> GreaterThan(Vector128<float> x, Vector128<float> y) => Vector128.GreaterThan(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Select(Vector128<float> mask, Vector128<float> x, Vector128<float> y) =>
        Vector128.ConditionalSelect(mask, x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> ScaleByPowerOfTwo(Vector128<float> value, Vector128<float> n)
    {
        // n is integral and in range: the native conversion is one instruction, the saturating one four.
        var exponent = Vector128.ConvertToInt32Native(n);
        var half = exponent >> 1;
        return value * PowerOfTwo(half) * PowerOfTwo(exponent - half);
    }

    /// <summary>2ᵏ for −126 ≤ k ≤ 127, built from its exponent bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> PowerOfTwo(Vector128<int> k) => ((k + Vector128.Create(127)) << 23).AsSingle();
}
