using AttnGen.Benchmarks.Workloads;
using BenchmarkDotNet.Attributes;

namespace AttnGen.Benchmarks.Suites;

/// <summary>Workload S, a PyTorch post-norm encoder layer with weights under <c>nn.TransformerEncoderLayer</c> names.</summary>
[BenchmarkCategory("S")]
public class SBenchmarks : WorkloadBenchmarks
{
    private PeerEncoderS _block = null!;

    internal override Workload Workload => Workload.S;

    [GlobalSetup(Target = nameof(AttnGen1Thread))]
    public void SetUpAttnGen()
    {
        LoadData();
        using var file = SafeTensorsFile.Open(Workload.SafeTensorsPath);
        _block = new PeerEncoderS(PeerEncoderS.Weights.Load(file));
        Check(SystemNames.AttnGen1Thread, () => _block.Forward(X, Y), Tolerance.Exact);
    }

    [Benchmark(Description = SystemNames.AttnGen1Thread)]
    public void AttnGen1Thread() => _block.Forward(X, Y);

    [GlobalSetup(Target = nameof(AttnGen2Threads))]
    public void SetUpAttnGen2Threads()
    {
        LoadData();
        using var file = SafeTensorsFile.Open(Workload.SafeTensorsPath);
        Team = new WorkerTeam(2);
        _block = new PeerEncoderS(PeerEncoderS.Weights.Load(file), Team);
        Check(SystemNames.AttnGen2Threads, () => _block.Forward(X, Y), Tolerance.Exact);
    }

    [Benchmark(Description = SystemNames.AttnGen2Threads)]
    public void AttnGen2Threads() => _block.Forward(X, Y);
}
