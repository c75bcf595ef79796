using AttnGen.Benchmarks.Workloads;
using BenchmarkDotNet.Attributes;

namespace AttnGen.Benchmarks.Suites;

/// <summary>Workload T, causal self-attention; ONNX Runtime also runs its fused-operator graph, its fastest form of T.</summary>
[BenchmarkCategory("T")]
public class TBenchmarks : WorkloadBenchmarks
{
    private PeerAttentionT _block = null!;

    internal override Workload Workload => Workload.T;

    [GlobalSetup(Target = nameof(AttnGen1Thread))]
    public void SetUpAttnGen()
    {
        LoadData();
        using var file = SafeTensorsFile.Open(Workload.SafeTensorsPath);
        // The peer file holds input.x and expected.y beside the weights.
        _block = new PeerAttentionT(PeerAttentionT.Weights.Load(file, allowUnused: true));
        Check(SystemNames.AttnGen1Thread, () => _block.Forward(X, Y), Tolerance.Exact);
    }

    [GlobalSetup(Target = nameof(OnnxRuntimeFused1Thread))]
    public void SetUpOnnxRuntimeFused1Thread() => SetUpOnnxRuntime(SystemNames.OnnxRuntimeFused1Thread, threads: 1, fused: true);

    [GlobalSetup(Target = nameof(OnnxRuntimeFused2Threads))]
    public void SetUpOnnxRuntimeFused2Threads() => SetUpOnnxRuntime(SystemNames.OnnxRuntimeFused2Threads, threads: 2, fused: true);

    [Benchmark(Description = SystemNames.AttnGen1Thread)]
    public void AttnGen1Thread() => _block.Forward(X, Y);

    [Benchmark(Description = SystemNames.OnnxRuntimeFused1Thread)]
    public void OnnxRuntimeFused1Thread() => RunOnnxRuntime();

    [Benchmark(Description = SystemNames.OnnxRuntimeFused2Threads)]
    public void OnnxRuntimeFused2Threads() => RunOnnxRuntime();
}
