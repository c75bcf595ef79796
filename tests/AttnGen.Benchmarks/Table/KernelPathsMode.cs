using System.Globalization;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using AttnGen.Benchmarks.Suites;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace AttnGen.Benchmarks.Table;

/// <summary>
/// <c>--paths [--quick]</c>: the generated S and B layers on one thread in every kernel form this machine can run
/// (docs/hardware.md), in ONE BenchmarkDotNet run, each form a job whose process is started with the switch that
/// selects it; the setup of each checks that <see cref="KernelPath.Current"/> is the form its job names.
/// </summary>
internal static class KernelPathsMode
{
    /// <summary>Set in each job's environment: the form its process must run, checked by <see cref="RequireExpectedPath"/>.</summary>
    private const string ExpectedPathVariable = "ATTNGEN_EXPECTED_KERNEL_PATH";

    private static readonly Type[] Benchmarks = [typeof(SBenchmarks), typeof(BBenchmarks)];

    public static int Run(bool quick)
    {
        Job baseJob = quick ? BenchmarkConfig.Quick : BenchmarkConfig.Full;
        IConfig config = BenchmarkConfig.Create(job: null)
            .AddFilter(new SimpleFilter(benchmark => benchmark.Descriptor.WorkloadMethod.Name == nameof(LayerBenchmarks.AttnGen1Thread)))
            .WithOptions(ConfigOptions.JoinSummary);
        foreach ((VectorPath path, string? variable) in Paths())
        {
            Job job = baseJob.WithEnvironmentVariable(ExpectedPathVariable, path.ToString()).WithId(path.ToString());
            config = config.AddJob(variable is null ? job : job.WithEnvironmentVariable(variable, "0"));
        }

        Summary summary = BenchmarkRunner.Run(Benchmarks, config).Single();
        Console.WriteLine();
        Console.WriteLine(Format(summary, quick));
        return summary.Reports.All(report => report.ResultStatistics is not null) ? 0 : 1;
    }

    /// <summary>Throws, in a job's own process, unless the kernels run the form the job was started for.</summary>
    public static void RequireExpectedPath()
    {
        string? expected = Environment.GetEnvironmentVariable(ExpectedPathVariable);
        if (expected is not null && expected != KernelPath.Current.ToString())
        {
            throw new InvalidOperationException($"This job was started for the {expected} kernels, but the machine runs {KernelPath.Current}.");
        }
    }

    /// <summary>The forms this processor has, each with the switch that makes .NET run it (none for the widest).</summary>
    private static IEnumerable<(VectorPath Path, string? Variable)> Paths()
    {
        if (Vector512.IsHardwareAccelerated)
        {
            yield return (VectorPath.Vector512, null);
        }

        if (Avx2.IsSupported)
        {
            yield return (VectorPath.Vector256, Vector512.IsHardwareAccelerated ? "DOTNET_EnableAVX512" : null);
            yield return (VectorPath.Vector128, "DOTNET_EnableAVX2");
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            yield return (VectorPath.Vector128, null);
        }
    }

    /// <summary>A markdown table: a row per workload, a column per form, each median with its ratio to the Vector256 form's.</summary>
    private static string Format(Summary summary, bool quick)
    {
        string[] paths = summary.BenchmarksCases.Select(b => b.Job.Id).Distinct().OrderByDescending(Enum.Parse<VectorPath>).ToArray();
        var text = new System.Text.StringBuilder();
        text.AppendLine($"Generated layer, 1 thread, median per call ({(quick ? "Quick: a smoke test, the numbers are noise" : "Full")}); × = time relative to Vector256");
        text.AppendLine();
        text.AppendLine("| workload | " + string.Join(" | ", paths) + " |");
        text.AppendLine("|---|" + string.Concat(paths.Select(_ => "---|")));
        foreach (var workload in summary.BenchmarksCases.GroupBy(b => b.Descriptor.Categories.Single()))
        {
            double? Median(string path) => summary[workload.Single(b => b.Job.Id == path)]?.ResultStatistics?.Median;
            double? baseline = Median(nameof(VectorPath.Vector256));
            IEnumerable<string> cells = paths.Select(path => Median(path) is double median
                ? string.Create(CultureInfo.InvariantCulture, $"{median / 1e3:F1} µs") + (baseline is double b ? string.Create(CultureInfo.InvariantCulture, $" ({median / b:F2}×)") : "")
                : "failed");
            text.AppendLine($"| {workload.Key} | " + string.Join(" | ", cells) + " |");
        }

        return text.ToString();
    }
}
