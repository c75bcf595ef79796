using System.Runtime.Intrinsics;
using AttnGen.Benchmarks.Suites;
using AttnGen.Benchmarks.Workloads;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Jobs;

namespace AttnGen.Benchmarks;

/// <summary>The BenchmarkDotNet configuration both modes share, and the jobs the table mode picks from.</summary>
internal static class BenchmarkConfig
{
    /// <summary>
    /// BenchmarkDotNet's short run (3 warm-ups, 3 iterations): enough to prove the harness end to end, far too few to
    /// compare systems. Shorter warm-ups leave TensorPrimitives in unoptimised tier-0 code, several times too slow.
    /// </summary>
    public static Job Quick { get; } = Job.ShortRun.WithId("Quick");

    /// <summary>BenchmarkDotNet's default, adaptive job: the one whose table is worth reporting.</summary>
    public static Job Full { get; } = Job.Default.WithId("Full");

    /// <param name="job">The job to run; <see langword="null"/> leaves the choice to the command line.</param>
    public static IConfig Create(Job? job)
    {
        // An emulated Vector512 loop would report a meaningless "peak", so it runs only where Vector512 is hardware.
        var config = DefaultConfig.Instance.AddFilter(new SimpleFilter(benchmark =>
            benchmark.Descriptor.WorkloadMethod.Name != nameof(PeakFmaBenchmarks.Vector512Fma) || Vector512.IsHardwareAccelerated))
            // A clone without the ONNX models (or a --peers DIR without the workloads) runs the rest, told what is missing.
            .AddFilter(new SimpleFilter(MissingPeerFiles.Allow));
        return job is null ? config : config.AddJob(job);
    }
}
