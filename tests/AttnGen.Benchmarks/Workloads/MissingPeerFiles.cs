using AttnGen.Benchmarks.Suites;
using BenchmarkDotNet.Running;

namespace AttnGen.Benchmarks.Workloads;

/// <summary>
/// Leaves out the benchmarks whose peer files are not there, saying so in one line, instead of letting their setups
/// throw: the ONNX models are made by a script a clone need not have run, and <c>--peers DIR</c> may name anything.
/// Everything else still runs.
/// </summary>
internal static class MissingPeerFiles
{
    private static readonly HashSet<string> Said = [];

    /// <summary>The filter: false for a workload's benchmark without its peer directory or its ONNX model.</summary>
    public static bool Allow(BenchmarkCase benchmark)
    {
        Workload? workload = Workload.All.SingleOrDefault(w => benchmark.Descriptor.HasCategory(w.Id));
        if (workload is null)
        {
            // The peak loops, B's products and the sentence race read no peer file.
            return true;
        }

        if (!PeerDirectory.Exists)
        {
            return SayOnce(PeerDirectory.Missing + " Skipping the T, S and B rows.");
        }

        string? model = benchmark.Descriptor.WorkloadMethod.Name switch
        {
            nameof(WorkloadBenchmarks.OnnxRuntime1Thread) or nameof(WorkloadBenchmarks.OnnxRuntime2Threads) => workload.OnnxPath(),
            nameof(TBenchmarks.OnnxRuntimeFused1Thread) or nameof(TBenchmarks.OnnxRuntimeFused2Threads) => workload.OnnxPath(fused: true),
            _ => null,
        };
        return model is null || File.Exists(model) || SayOnce(OnnxMissing());
    }

    /// <summary>Every absent model in one line, so a clone without any prints one line, not one per benchmark.</summary>
    private static string OnnxMissing()
    {
        // T is the only workload with a fused graph (TBenchmarks).
        string[] models = [.. Workload.All.Select(w => w.OnnxPath()), Workload.T.OnnxPath(fused: true)];
        string[] missing = models.Where(path => !File.Exists(path)).Select(path => Path.GetFileName(path)).ToArray();
        return $"Skipping the ONNX Runtime rows of missing {string.Join(", ", missing)} in {PeerDirectory.Path}: " +
            $"make them with `python3 tests/data/peers/make_onnx.py --out {PeerDirectory.Path}` (after `apt-get install python3-onnx`).";
    }

    /// <returns>False, to leave the benchmark out.</returns>
    private static bool SayOnce(string line)
    {
        if (Said.Add(line))
        {
            Console.WriteLine(line);
        }

        return false;
    }
}
