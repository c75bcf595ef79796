using System.Globalization;
using System.Runtime.Intrinsics;
using System.Text;
using AttnGen.Benchmarks.Suites;
using AttnGen.Benchmarks.Workloads;

namespace AttnGen.Benchmarks.Table;

/// <summary>
/// The one markdown table of a run: per workload and system the median, GFLOP/s, share of one core's peak (from the
/// FMA loops of the same run) and speed-up against ONNX Runtime at 1 and 2 threads (also of the same run).
/// </summary>
internal static class PeerTable
{
    public static string Format(IReadOnlyList<ResultRow> rows, string job)
    {
        double? peak = rows.Where(r => r.Category == PeakFmaBenchmarks.Category).Select(GigaflopsPerSecond).Max();
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"Job {job}; .NET {Environment.Version}, {Environment.ProcessorCount} cores, Vector512 hardware: {(Vector512.IsHardwareAccelerated ? "yes" : "no")}; " +
            $"one core's peak {Number(peak, "F1")} GFLOP/s (best FMA loop). Speed-up = ONNX Runtime's median / this median, against its fastest graph at that thread count.");
        text.AppendLine();
        text.AppendLine("| workload | system | median | GFLOP/s | % of peak | speed-up vs ORT 1 thread | vs ORT 2 threads | allocated | max abs diff vs expected.y |");
        text.AppendLine("|---|---|--:|--:|--:|--:|--:|--:|--:|");
        foreach (ResultRow row in rows.OrderBy(WorkloadOrder).ThenBy(r => SystemOrder(r.System)))
        {
            double? gflops = GigaflopsPerSecond(row);
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {Describe(row.Category)} | {row.System} | {Time(row.Median)} | {Number(gflops, "F1")} | {Number(gflops / peak * 100, "F0")} " +
                $"| {SpeedUp(rows, row, SystemNames.OnnxRuntimeAt1Thread)} | {SpeedUp(rows, row, SystemNames.OnnxRuntimeAt2Threads)} " +
                $"| {(row.AllocatedBytes is long bytes ? $"{bytes:N0} B" : "—")} | {Number(row.MaxDifference, "0.0E+0")} |");
        }

        return text.ToString();
    }

    private static double FlopsPerCall(string category) => category switch
    {
        PeakFmaBenchmarks.Category => PeakFmaBenchmarks.FlopsPerCall,
        ProductsBenchmarks.Category => ProductsBenchmarks.FlopsPerCall,
        _ => Workload.ById(category).Flops,
    };

    private static string Describe(string category) => category switch
    {
        PeakFmaBenchmarks.Category => "peak",
        ProductsBenchmarks.Category => ProductsBenchmarks.Description,
        _ => $"{category} ({Workload.ById(category).Description})",
    };

    // FLOPs per nanosecond are GFLOP/s.
    private static double? GigaflopsPerSecond(ResultRow row) => FlopsPerCall(row.Category) / row.Median;

    /// <summary>The fastest of the reference systems on the row's workload, divided by the row's median.</summary>
    private static string SpeedUp(IReadOnlyList<ResultRow> rows, ResultRow row, IReadOnlyList<string> references)
    {
        double? reference = rows
            .Where(r => r.Category == row.Category && references.Contains(r.System))
            .Select(r => r.Median)
            .Min();
        return Number(reference / row.Median, "F2", "×");
    }

    /// <summary>The peak first, then the workloads in order, then B's products.</summary>
    private static int WorkloadOrder(ResultRow row) => row.Category switch
    {
        PeakFmaBenchmarks.Category => -1,
        ProductsBenchmarks.Category => Workload.All.Count,
        _ => Workload.All.ToList().FindIndex(w => w.Id == row.Category),
    };

    private static int SystemOrder(string system)
    {
        int index = SystemNames.All.ToList().IndexOf(system);
        return index < 0 ? int.MaxValue : index;
    }

    private static string Time(double? nanoseconds) => nanoseconds switch
    {
        null => "failed",
        < 1e3 => Invariant($"{nanoseconds:F0} ns"),
        < 1e6 => Invariant($"{nanoseconds / 1e3:F1} µs"),
        < 1e9 => Invariant($"{nanoseconds / 1e6:F2} ms"),
        _ => Invariant($"{nanoseconds / 1e9:F2} s"),
    };

    private static string Number(double? value, string format, string unit = "") =>
        value is double v ? v.ToString(format, CultureInfo.InvariantCulture) + unit : "—";

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}
