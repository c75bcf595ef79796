using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;

namespace AttnGen.Benchmarks.Suites;

/// <summary>
/// One thread's streaming read bandwidth: the sum of a 256 MiB float array, far larger than any cache, with the widest
/// vectors the machine runs and independent accumulators, so the loop waits on memory alone. It is the yardstick for a
/// decode step, which must read the layer's weights once.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory(Category)]
public class StreamReadBenchmarks
{
    public const string Category = "bandwidth";

    public const string Name = "sum of 256 MiB, 1 thread";

    public const long Bytes = 256L << 20;

    private readonly float[] _data = GC.AllocateUninitializedArray<float>((int)(Bytes / sizeof(float)), pinned: true);

    [GlobalSetup]
    public void SetUp() => Array.Fill(_data, 1f);

    [Benchmark(Description = Name)]
    public float Sum() => Vector512.IsHardwareAccelerated ? Sum512(_data) : Sum256(_data);

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Sum512(float[] data)
    {
        ref float start = ref MemoryMarshal.GetArrayDataReference(data);
        Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default;
        for (nuint i = 0; i < (nuint)data.Length; i += 64)
        {
            a0 += Vector512.LoadUnsafe(ref start, i);
            a1 += Vector512.LoadUnsafe(ref start, i + 16);
            a2 += Vector512.LoadUnsafe(ref start, i + 32);
            a3 += Vector512.LoadUnsafe(ref start, i + 48);
        }

        return Vector512.Sum(a0 + a1 + a2 + a3);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Sum256(float[] data)
    {
        ref float start = ref MemoryMarshal.GetArrayDataReference(data);
        Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
        for (nuint i = 0; i < (nuint)data.Length; i += 32)
        {
            a0 += Vector256.LoadUnsafe(ref start, i);
            a1 += Vector256.LoadUnsafe(ref start, i + 8);
            a2 += Vector256.LoadUnsafe(ref start, i + 16);
            a3 += Vector256.LoadUnsafe(ref start, i + 24);
        }

        return Vector256.Sum(a0 + a1 + a2 + a3);
    }
}
