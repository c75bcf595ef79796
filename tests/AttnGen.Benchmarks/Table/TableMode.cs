using AttnGen.Benchmarks.Suites;
using AttnGen.Benchmarks.Workloads;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace AttnGen.Benchmarks.Table;

/// <summary>
/// <c>--table [--quick]</c>: every system on every workload plus the peak loops in ONE BenchmarkDotNet run, so every
/// ratio and share of peak compares figures taken together, then the table printed and saved beside BenchmarkDotNet's
/// own results.
/// </summary>
internal static class TableMode
{
    private static readonly Type[] Benchmarks = [typeof(PeakFmaBenchmarks), typeof(TBenchmarks), typeof(SBenchmarks), typeof(BBenchmarks), typeof(ProductsBenchmarks)];

    /// <returns>0 when every benchmark produced a measurement, 1 otherwise (a failed output check, say).</returns>
    public static int Run(bool quick)
    {
        Console.WriteLine($"Peer workloads from {PeerDirectory.Candidate}");
        Job job = quick ? BenchmarkConfig.Quick : BenchmarkConfig.Full;
        IConfig config = BenchmarkConfig.Create(job).WithOptions(ConfigOptions.JoinSummary);
        Summary summary = BenchmarkRunner.Run(Benchmarks, config).Single();
        ResultRow[] rows = summary.BenchmarksCases.Select(benchmark => ResultRow.From(summary, benchmark)).ToArray();

        string table = PeerTable.Format(rows, quick ? "Quick (a smoke test: the numbers are noise)" : "Full");
        string path = Path.Combine(summary.ResultsDirectoryPath, "peer-table.md");
        File.WriteAllText(path, table);
        Console.WriteLine();
        Console.WriteLine(table);
        Console.WriteLine($"(saved to {path})");

        string[] failed = rows.Where(r => r.Median is null).Select(r => $"{r.Category}: {r.System}").ToArray();
        if (failed.Length > 0 || rows.Length == 0)
        {
            Console.Error.WriteLine($"No measurement for: {(rows.Length == 0 ? "anything" : string.Join(", ", failed))}; see the log above.");
            return 1;
        }

        return 0;
    }
}
