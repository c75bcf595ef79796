using System.Globalization;
using System.Reflection;
using AttnGen.Benchmarks.Workloads;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace AttnGen.Benchmarks.Table;

/// <summary>What one benchmark of the run measured, keyed by its workload (category) and system (description).</summary>
/// <param name="Median">Nanoseconds per call; <see langword="null"/> when the benchmark failed (its output check threw, say).</param>
/// <param name="MaxDifference">The largest |output − expected.y| its setup printed; <see langword="null"/> for the peak loops.</param>
internal sealed record ResultRow(string Category, string System, double? Median, long? AllocatedBytes, double? MaxDifference)
{
    public static ResultRow From(Summary summary, BenchmarkCase benchmark)
    {
        BenchmarkReport? report = summary[benchmark];
        string system = benchmark.Descriptor.WorkloadMethod.GetCustomAttribute<BenchmarkAttribute>()?.Description
            ?? benchmark.Descriptor.WorkloadMethod.Name;
        return new ResultRow(
            benchmark.Descriptor.Categories.Single(),
            system,
            report?.ResultStatistics?.Median,
            report?.GcStats.GetBytesAllocatedPerOperation(benchmark),
            report is null ? null : PrintedMaxDifference(report));
    }

    /// <summary>The difference <see cref="OutputCheck.Require"/> printed in the benchmark's own process.</summary>
    private static double? PrintedMaxDifference(BenchmarkReport report)
    {
        string? line = report.ExecuteResults
            .SelectMany(result => result.StandardOutput)
            .FirstOrDefault(output => output.StartsWith(OutputCheck.Marker, StringComparison.Ordinal));
        return line is null
            ? null
            : double.Parse(line[(line.LastIndexOf('|') + 1)..], CultureInfo.InvariantCulture);
    }
}
