using System.Diagnostics;
using AttnGen.Benchmarks.Suites;
using AttnGen.Benchmarks.Workloads;

namespace AttnGen.Benchmarks.Profile;

/// <summary>
/// <c>--parts</c>: where B's time goes. B's layer and its parts, each declared on its own with B's shape and seeded
/// weights, timed with a Stopwatch in interleaved samples (so interference hits every part alike) after a warm-up that
/// leaves tier-0 code behind; prints each part's median. A profile to read beside the table, not a benchmark.
/// </summary>
internal static class BParts
{
    private const int WarmUpSamples = 10;
    private const int Samples = 50;
    private const int CallsPerSample = 2;

    public static int Run()
    {
        var x = new float[Workload.B.Length];
        var y = new float[Workload.B.Length];
        var random = new Random(1);
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = random.NextSingle() * 2 - 1;
        }

        var layerGelu = new PeerBertLayerB(PeerBertLayerB.Weights.Random(seed: 1));
        var layerRelu = new BLayerRelu(BLayerRelu.Weights.Random(seed: 1));
        var attention = new BAttention(BAttention.Weights.Random(seed: 1));
        var feedForwardGelu = new BFeedForwardGelu(BFeedForwardGelu.Weights.Random(seed: 1));
        var feedForwardRelu = new BFeedForwardProducts(BFeedForwardProducts.Weights.Random(seed: 1));
        (string Name, Action Call)[] parts =
        [
            ("B layer, GELU", () => layerGelu.Forward(x, y)),
            ("B layer, ReLU", () => layerRelu.Forward(x, y)),
            ("attention block (Q/K/V and output products, 12 heads)", () => attention.Forward(x, y)),
            ("feed-forward, GELU", () => feedForwardGelu.Forward(x, y)),
            ("feed-forward, ReLU", () => feedForwardRelu.Forward(x, y)),
        ];

        var times = parts.Select(_ => new List<double>()).ToArray();
        var clock = new Stopwatch();
        for (int sample = 0; sample < WarmUpSamples + Samples; sample++)
        {
            for (int p = 0; p < parts.Length; p++)
            {
                clock.Restart();
                for (int call = 0; call < CallsPerSample; call++)
                {
                    parts[p].Call();
                }

                if (sample >= WarmUpSamples)
                {
                    times[p].Add(clock.Elapsed.TotalMilliseconds / CallsPerSample);
                }
            }
        }

        Console.WriteLine("| part | median |");
        Console.WriteLine("|---|--:|");
        for (int p = 0; p < parts.Length; p++)
        {
            double median = times[p].Order().ElementAt(times[p].Count / 2);
            Console.WriteLine(FormattableString.Invariant($"| {parts[p].Name} | {median:F2} ms |"));
        }

        return 0;
    }
}

/// <summary>B's layer with ReLU in place of GELU: the difference is GELU's cost.</summary>
[TransformerEncoderLayer(DModel = 768, Heads = 12, Hidden = 3072, SeqLen = 128, LayerNormEps = 1e-12, Activation = Activation.Relu)]
public partial class BLayerRelu;

/// <summary>B's attention on its own.</summary>
[MultiHeadAttention(DModel = 768, Heads = 12, SeqLen = 128)]
public partial class BAttention;

/// <summary>B's feed-forward block on its own.</summary>
[FeedForward(DModel = 768, Hidden = 3072, Activation = Activation.Gelu)]
public partial class BFeedForwardGelu;
