using System.Diagnostics;
using System.Text;
using AttnGen.Benchmarks.Suites;
using AttnGen.Samples.Tests.RealModel;
using Microsoft.ML.Tokenizers;
using SentenceEmbeddings;

namespace AttnGen.Benchmarks.Profile;

/// <summary>
/// <c>--sentence-parts</c>: where the sentence-embedding pipeline's time goes, one sentence per call, for the short
/// sentences and the long texts of <see cref="SentenceEmbeddingBenchmarks"/>: tokenizing, the embeddings, the six
/// layers, and a layer's two halves declared on their own with its shape (attention with its four products, and the
/// feed-forward block), each with the rate its products reach. Stopwatch medians of interleaved samples after a
/// warm-up, as <see cref="BParts"/>: a profile to read beside the benchmark table, not a benchmark.
/// </summary>
internal static class SentenceParts
{
    private const int WarmUpSamples = 10;
    private const int Samples = 40;

    /// <summary>Multiply-adds per token of one layer's products: Q, K, V and output (4·D²), then the feed-forward (2·D·Hidden).</summary>
    private const double LayerMultiplyAddsPerToken = 4.0 * MiniLm.DModel * MiniLm.DModel + 2.0 * MiniLm.DModel * MiniLm.Hidden;

    public static int Run()
    {
        BertTokenizer tokenizer = BertTokenization.Create(new MemoryStream(Encoding.UTF8.GetBytes(MiniLmPackage.Vocabulary())), lowerCase: true, stripAccents: true);
        MiniLmWeights weights = MiniLmWeights.Random(seed: 1);
        var encoder = new SentenceEncoder(tokenizer, weights);
        var embeddings = new MiniLmEmbeddings(weights.Embeddings);
        var layer = new MiniLmLayer(weights.Layers[0]);
        var attention = new MiniLmAttention(MiniLmAttention.Weights.Random(seed: 1));
        var feedForward = new MiniLmFeedForward(MiniLmFeedForward.Weights.Random(seed: 1));

        Console.WriteLine("| texts | tokens (mean) | part | median per text | products' GFLOP/s |");
        Console.WriteLine("|---|--:|---|--:|--:|");
        foreach ((string name, string[] texts) in new[] { ("short", SentenceEmbeddingBenchmarks.ShortSentences), ("long", SentenceEmbeddingBenchmarks.LongTexts) })
        {
            int[][] ids = [.. texts.Select(_ => new int[MiniLm.SeqLen])];
            int[] lengths = [.. texts.Select((text, t) => encoder.Tokenize(text, ids[t]))];
            float[] hidden = new float[lengths.Max() * MiniLm.DModel], embedding = new float[MiniLm.DModel];
            // Each part runs every text once, one per call; its time is per text.
            (string Part, double MultiplyAdds, Action Call)[] parts =
            [
                ("whole pipeline (Encode)", 6 * LayerMultiplyAddsPerToken, () => Each(texts, t => encoder.Encode([texts[t]], embedding))),
                ("tokenizing", 0, () => Each(texts, t => encoder.Tokenize(texts[t], ids[t]))),
                ("embeddings", 0, () => Each(texts, t => embeddings.ForwardPacked(ids[t].AsSpan(0, lengths[t]), default, [lengths[t]], Rows(hidden, lengths[t])))),
                ("6 layers", 6 * LayerMultiplyAddsPerToken, () => Each(texts, t => SixTimes(() => layer.ForwardPacked(Rows(hidden, lengths[t]), [lengths[t]], Rows(hidden, lengths[t]))))),
                ("6 × attention (Q/K/V, heads, output)", 6 * 4.0 * MiniLm.DModel * MiniLm.DModel,
                    () => Each(texts, t => SixTimes(() => attention.ForwardPacked(Rows(hidden, lengths[t]), [lengths[t]], Rows(hidden, lengths[t]))))),
                ("6 × feed-forward", 6 * 2.0 * MiniLm.DModel * MiniLm.Hidden,
                    () => Each(texts, t => SixTimes(() => feedForward.ForwardPacked(Rows(hidden, lengths[t]), [lengths[t]], Rows(hidden, lengths[t]))))),
            ];
            double[] medians = Medians(parts.Select(part => part.Call).ToArray(), texts.Length);
            for (int p = 0; p < parts.Length; p++)
            {
                string rate = parts[p].MultiplyAdds > 0 ? $"{2 * parts[p].MultiplyAdds * lengths.Average() / (medians[p] * 1e6):F1}" : "—";
                Console.WriteLine(FormattableString.Invariant($"| {name} | {lengths.Average():F1} | {parts[p].Part} | {medians[p]:F3} ms | {rate} |"));
            }
        }

        return 0;
    }

    private static Span<float> Rows(float[] buffer, int rows) => buffer.AsSpan(0, rows * MiniLm.DModel);

    private static void Each(string[] texts, Action<int> call)
    {
        for (int t = 0; t < texts.Length; t++)
        {
            call(t);
        }
    }

    private static void SixTimes(Action call)
    {
        for (int i = 0; i < MiniLm.Layers; i++)
        {
            call();
        }
    }

    /// <summary>Each part's median time per text over interleaved samples, so interference hits every part alike.</summary>
    private static double[] Medians(Action[] parts, int textsPerCall)
    {
        var times = parts.Select(_ => new List<double>()).ToArray();
        var clock = new Stopwatch();
        for (int sample = 0; sample < WarmUpSamples + Samples; sample++)
        {
            for (int p = 0; p < parts.Length; p++)
            {
                clock.Restart();
                parts[p]();
                if (sample >= WarmUpSamples)
                {
                    times[p].Add(clock.Elapsed.TotalMilliseconds / textsPerCall);
                }
            }
        }

        return [.. times.Select(list => list.Order().ElementAt(list.Count / 2))];
    }
}

/// <summary>all-MiniLM-L6-v2's self-attention on its own: a layer's first half without its residual and norm.</summary>
[MultiHeadAttention(DModel = MiniLm.DModel, Heads = MiniLm.Heads, SeqLen = MiniLm.SeqLen)]
public partial class MiniLmAttention;

/// <summary>all-MiniLM-L6-v2's feed-forward block on its own.</summary>
[FeedForward(DModel = MiniLm.DModel, Hidden = MiniLm.Hidden, Activation = Activation.Gelu)]
public partial class MiniLmFeedForward;
