using AttnGen.Benchmarks.Workloads;
using BenchmarkDotNet.Attributes;

namespace AttnGen.Benchmarks.Suites;

/// <summary>Workload S, a PyTorch post-norm encoder layer with weights under <c>nn.TransformerEncoderLayer</c> names.</summary>
[BenchmarkCategory("S")]
public class SBenchmarks : LayerBenchmarks
{
    internal override Workload Workload => Workload.S;

    private protected override Action<float[], float[]> CreateLayer(SafeTensorsFile file, WorkerTeam? team)
    {
        // The peer file holds input.x and expected.y beside the weights.
        var layer = new PeerEncoderS(PeerEncoderS.Weights.Load(file, allowUnused: true), team);
        return (x, y) => layer.Forward(x, y);
    }
}
