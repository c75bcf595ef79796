using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;

namespace AttnGen.Benchmarks.Suites;

/// <summary>
/// One core's fused multiply-add peak, the yardstick for "% of peak": 12 independent accumulator chains, enough to
/// cover the FMA latency on every FMA port, so the loop is bound by FMA throughput alone.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory(Category)]
public class PeakFmaBenchmarks
{
    public const string Category = "peak";

    /// <summary>Both loops do the same work, so one count serves: iterations × 12 chains × 8 lanes × 2 FLOPs.</summary>
    public const double FlopsPerCall = 2.0 * 12 * 8 * Vector256Iterations;

    private const int Vector256Iterations = 100_000;

    [Benchmark(Description = SystemNames.FmaVector256)]
    public float Vector256Fma() => Vector256Loop(Vector256Iterations);

    /// <summary>Only run where Vector512 is accelerated (see BenchmarkConfig); emulated it would measure nothing.</summary>
    [Benchmark(Description = SystemNames.FmaVector512)]
    public float Vector512Fma() => Vector512Loop(Vector256Iterations / 2);

    // One method, no calls inside, optimised from the first call: otherwise the JIT keeps accumulators on the stack
    // or runs unoptimised code first (docs/PERF-NOTES.md).
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Vector256Loop(int iterations)
    {
        // a ← a·m + c converges to c/(1 − m) = 0.1: values stay normal, so no denormal slows the loop.
        var m = Vector256.Create(0.999f);
        var c = Vector256.Create(1e-4f);
        Vector256<float> a0 = m, a1 = m, a2 = m, a3 = m, a4 = m, a5 = m, a6 = m, a7 = m, a8 = m, a9 = m, a10 = m, a11 = m;
        for (int i = 0; i < iterations; i++)
        {
            a0 = Vector256.FusedMultiplyAdd(a0, m, c);
            a1 = Vector256.FusedMultiplyAdd(a1, m, c);
            a2 = Vector256.FusedMultiplyAdd(a2, m, c);
            a3 = Vector256.FusedMultiplyAdd(a3, m, c);
            a4 = Vector256.FusedMultiplyAdd(a4, m, c);
            a5 = Vector256.FusedMultiplyAdd(a5, m, c);
            a6 = Vector256.FusedMultiplyAdd(a6, m, c);
            a7 = Vector256.FusedMultiplyAdd(a7, m, c);
            a8 = Vector256.FusedMultiplyAdd(a8, m, c);
            a9 = Vector256.FusedMultiplyAdd(a9, m, c);
            a10 = Vector256.FusedMultiplyAdd(a10, m, c);
            a11 = Vector256.FusedMultiplyAdd(a11, m, c);
        }

        // Returned, so the JIT cannot drop the loop.
        return Vector256.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Vector512Loop(int iterations)
    {
        var m = Vector512.Create(0.999f);
        var c = Vector512.Create(1e-4f);
        Vector512<float> a0 = m, a1 = m, a2 = m, a3 = m, a4 = m, a5 = m, a6 = m, a7 = m, a8 = m, a9 = m, a10 = m, a11 = m;
        for (int i = 0; i < iterations; i++)
        {
            a0 = Vector512.FusedMultiplyAdd(a0, m, c);
            a1 = Vector512.FusedMultiplyAdd(a1, m, c);
            a2 = Vector512.FusedMultiplyAdd(a2, m, c);
            a3 = Vector512.FusedMultiplyAdd(a3, m, c);
            a4 = Vector512.FusedMultiplyAdd(a4, m, c);
            a5 = Vector512.FusedMultiplyAdd(a5, m, c);
            a6 = Vector512.FusedMultiplyAdd(a6, m, c);
            a7 = Vector512.FusedMultiplyAdd(a7, m, c);
            a8 = Vector512.FusedMultiplyAdd(a8, m, c);
            a9 = Vector512.FusedMultiplyAdd(a9, m, c);
            a10 = Vector512.FusedMultiplyAdd(a10, m, c);
            a11 = Vector512.FusedMultiplyAdd(a11, m, c);
        }

        return Vector512.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }
}
