using AttnGen.Benchmarks.Workloads;
using BenchmarkDotNet.Attributes;

namespace AttnGen.Benchmarks.Suites;

/// <summary>Workload B, a BERT-base layer with weights under HuggingFace <c>BertLayer</c> names.</summary>
[BenchmarkCategory("B")]
public class BBenchmarks : LayerBenchmarks
{
    internal override Workload Workload => Workload.B;

    private protected override Action<float[], float[]> CreateLayer(SafeTensorsFile file, WorkerTeam? team)
    {
        // The peer file holds input.x and expected.y beside the weights.
        var layer = new PeerBertLayerB(PeerBertLayerB.Weights.Load(file, allowUnused: true), team);
        return (x, y) => layer.Forward(x, y);
    }
}
