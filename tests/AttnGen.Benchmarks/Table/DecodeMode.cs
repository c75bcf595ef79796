using System.Globalization;
using System.Text;
using AttnGen.Benchmarks.Decoding;
using AttnGen.Benchmarks.Suites;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace AttnGen.Benchmarks.Table;

/// <summary>
/// <c>--decode [--quick]</c>: the decode benchmarks and the bandwidth loop in ONE BenchmarkDotNet run, then a table of
/// each step's median against llama.cpp's, against full recomputation, and at batch 1 against the time to read the
/// layer's weights once at the measured bandwidth; printed and saved beside BenchmarkDotNet's results.
/// </summary>
internal static class DecodeMode
{
    public static int Run(bool quick)
    {
        Job job = quick ? BenchmarkConfig.Quick : BenchmarkConfig.Full;
        IConfig config = BenchmarkConfig.Create(job).WithOptions(ConfigOptions.JoinSummary);
        Summary summary = BenchmarkRunner.Run([typeof(StreamReadBenchmarks), typeof(DecodeBenchmarks), typeof(DecodeStackBenchmarks)], config).Single();

        string table = Format(summary, quick);
        string path = Path.Combine(summary.ResultsDirectoryPath, "decode-table.md");
        File.WriteAllText(path, table);
        Console.WriteLine();
        Console.WriteLine(table);
        Console.WriteLine($"(saved to {path})");
        return summary.Reports.Length > 0 && summary.Reports.All(report => report.ResultStatistics is not null) ? 0 : 1;
    }

    private static string Format(Summary summary, bool quick)
    {
        double? Median(BenchmarkCase benchmark) => summary[benchmark]?.ResultStatistics?.Median;
        double? bandwidthTime = summary.BenchmarksCases.Where(b => b.Descriptor.Categories.Contains(StreamReadBenchmarks.Category))
            .Select(Median).FirstOrDefault();
        double? bytesPerNanosecond = StreamReadBenchmarks.Bytes / bandwidthTime;

        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"Job {(quick ? "Quick (a smoke test: the numbers are noise)" : "Full")}; .NET {Environment.Version}, 1 thread everywhere; " +
            $"streaming read {Number(bytesPerNanosecond, "F1")} GB/s ({StreamReadBenchmarks.Name}, {Time(bandwidthTime)}).");
        text.AppendLine("Medians per call; a call decodes one token of each of `batch` sequences whose caches hold `cache` positions. " +
            "× = the other's median / AttnGen's. Weights read = the layer's float32 parameters at that bandwidth; step / read is the goal's ratio (≤ 1.3).");
        text.AppendLine();
        text.AppendLine("| layer | cache | batch | AttnGen Step | llama.cpp | × llama.cpp | full recomputation | × recomputation | weights read | step / read | Step allocated |");
        text.AppendLine("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
        var rows = summary.BenchmarksCases.Where(b => b.Descriptor.Categories.Contains(DecodeBenchmarks.Category))
            .GroupBy(b => (Model: (DecoderModel)b.Parameters["Model"], Cache: (int)b.Parameters["CacheLength"], Batch: (int)b.Parameters["Batch"]))
            .OrderBy(g => g.Key);
        foreach (var row in rows)
        {
            BenchmarkCase? System(string method) => row.FirstOrDefault(b => b.Descriptor.WorkloadMethod.Name == method);
            double? MedianOf(string method) => System(method) is BenchmarkCase b ? Median(b) : null;
            double? step = MedianOf(nameof(DecodeBenchmarks.AttnGenStep)), llama = MedianOf(nameof(DecodeBenchmarks.LlamaCpp)),
                recompute = MedianOf(nameof(DecodeBenchmarks.FullRecomputation));
            long? allocated = System(nameof(DecodeBenchmarks.AttnGenStep)) is BenchmarkCase stepCase
                ? summary[stepCase]?.GcStats.GetBytesAllocatedPerOperation(stepCase) : null;
            double? read = row.Key.Batch == 1 ? DecoderWorkload.Create(row.Key.Model).WeightBytes / bytesPerNanosecond : null;
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {row.Key.Model} | {row.Key.Cache} | {row.Key.Batch} | {Time(step)} | {Time(llama)} | {Number(llama / step, "F2", "×")} " +
                $"| {Time(recompute)} | {Number(recompute / step, "F1", "×")} | {(read is null ? "—" : Time(read))} | {Number(step / read, "F2", "×")} | {(allocated is long bytes ? $"{bytes} B" : "—")} |");
        }

        text.AppendLine();
        text.AppendLine(Invariant(
            $"Batch 1 through a stack of {DecodeStackBenchmarks.Layers} layers with their own weights (too many for the last-level cache, so every step reads them from memory): the median per layer against reading that layer's weights once."));
        text.AppendLine();
        text.AppendLine("| layer | cache | AttnGen Step per layer | weights read | step / read |");
        text.AppendLine("|---|--:|--:|--:|--:|");
        foreach (BenchmarkCase stack in summary.BenchmarksCases.Where(b => b.Descriptor.Categories.Contains(DecodeStackBenchmarks.Category))
            .OrderBy(b => ((DecoderModel)b.Parameters["Model"], (int)b.Parameters["CacheLength"])))
        {
            var model = (DecoderModel)stack.Parameters["Model"];
            double? perLayer = Median(stack) / DecodeStackBenchmarks.Layers;
            double? read = DecoderWorkload.Create(model).WeightBytes / bytesPerNanosecond;
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {model} | {stack.Parameters["CacheLength"]} | {Time(perLayer)} | {Time(read)} | {Number(perLayer / read, "F2", "×")} |");
        }

        return text.ToString();
    }

    private static string Time(double? nanoseconds) => nanoseconds switch
    {
        null => "failed",
        < 1e6 => Invariant($"{nanoseconds / 1e3:F1} µs"),
        < 1e9 => Invariant($"{nanoseconds / 1e6:F2} ms"),
        _ => Invariant($"{nanoseconds / 1e9:F2} s"),
    };

    private static string Number(double? value, string format, string unit = "") =>
        value is double v ? v.ToString(format, CultureInfo.InvariantCulture) + unit : "—";

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}
