using AttnGen.Testing;
using Microsoft.ML.Tokenizers;
using SentenceEmbeddings;
using Xunit.Abstractions;

namespace AttnGen.Samples.Tests;

/// <summary>
/// The sentence-embedding sample end to end, loaded from a checkpoint directory exactly as <c>--model DIR</c> loads
/// it, against the double-precision reference run on the same parameters and the same token ids.
/// </summary>
public sealed class SentenceEmbeddingsPipelineTests(MiniLmCheckpoint checkpoint, ITestOutputHelper output) : IClassFixture<MiniLmCheckpoint>
{
    [Fact]
    public void Tokenize_LowerCasesSplitsWordPiecesAndWrapsInClsAndSep()
    {
        SentenceEncoder encoder = ModelDirectory.Open(checkpoint.Directory);
        int[] ids = new int[MiniLm.SeqLen];

        int length = encoder.Tokenize("The quick brown Fox jumps over the lazy dog. Embeddings!", ids);

        string[] expected = ["[CLS]", "the", "quick", "brown", "fox", "jump", "##s", "over", "the", "lazy", "dog", ".", "embed", "##ding", "##s", "!", "[SEP]"];
        Assert.Equal(expected, ids[..length].Select(id => MiniLmCheckpoint.Vocabulary[id]));
        Assert.All(ids[length..], id => Assert.Equal("[PAD]", MiniLmCheckpoint.Vocabulary[id]));
    }

    [Fact]
    public void Tokenize_TruncatesToSeqLenBetweenWordPieces()
    {
        SentenceEncoder encoder = ModelDirectory.Open(checkpoint.Directory);
        int[] ids = new int[MiniLm.SeqLen];

        // "the" and 200 × "dog ##s": the 254 pieces that fit end inside the 127th "dogs", as HuggingFace cuts them.
        int length = encoder.Tokenize("the " + string.Join(' ', Enumerable.Repeat("dogs", 200)), ids);

        Assert.Equal(MiniLm.SeqLen, length);
        Assert.Equal(["##s", "dog", "[SEP]"], ids[^3..].Select(id => MiniLmCheckpoint.Vocabulary[id]));
    }

    [Fact]
    public void Embeddings_MatchTheScalarReference()
    {
        // Short, medium, one truncated to exactly SeqLen, and one with no words at all.
        string[] sentences = ["The lazy dog!", "The quick brown fox jumps over the lazy dog.", string.Join(' ', Enumerable.Repeat("embeddings", 100)), ""];
        SentenceEncoder encoder = ModelDirectory.Open(checkpoint.Directory);
        float[] embeddings = new float[sentences.Length * MiniLm.DModel];

        encoder.Encode(sentences, embeddings);

        int[][] ids = [.. sentences.Select(_ => new int[MiniLm.SeqLen])];
        int[] lengths = [.. sentences.Select((sentence, s) => encoder.Tokenize(sentence, ids[s]))];
        double[][] expected = new double[sentences.Length][];
        // The reference takes about a second a sentence; the sentences are independent, so use every core.
        Parallel.For(0, sentences.Length, s => expected[s] = ReferenceEmbedding(ids[s], lengths[s]));
        double largest = 0;
        for (int s = 0; s < sentences.Length; s++)
        {
            ReadOnlySpan<float> actual = embeddings.AsSpan(s * MiniLm.DModel, MiniLm.DModel);
            largest = Math.Max(largest, expected[s].Zip(actual.ToArray(), (e, a) => Math.Abs(e - a)).Max());
            Tolerance.AssertClose(expected[s], actual, $"embedding of sentence {s}");
        }

        output.WriteLine($"largest |difference| from the reference over {sentences.Length} sentences: {largest:E2}");
    }

    [Fact]
    public void BareBertModelNames_LoadTheSameWeights()
    {
        // sentence-transformers saves its BertModel without the "bert." that task models nest it under.
        var bare = new WeightDictionary();
        foreach (var (name, shape, values) in checkpoint.Tensors(prefix: ""))
        {
            bare.Add(name, shape, values);
        }

        SentenceEncoder fromDirectory = ModelDirectory.Open(checkpoint.Directory);
        var fromBareNames = new SentenceEncoder(BertTokenizer.Create(Path.Combine(checkpoint.Directory, "vocab.txt")), MiniLmWeights.Load(bare));
        float[] expected = new float[MiniLm.DModel], actual = new float[MiniLm.DModel];

        fromDirectory.Encode(["the lazy dog"], expected);
        fromBareNames.Encode(["the lazy dog"], actual);

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Encode_RejectsAnEmbeddingBufferOfTheWrongSize()
    {
        SentenceEncoder encoder = ModelDirectory.Open(checkpoint.Directory);

        var error = Assert.Throws<ArgumentException>(() => encoder.Encode(["a", "b"], new float[MiniLm.DModel]));

        Assert.Contains("expected 768 (2 sentences × DModel 384)", error.Message);
    }

    /// <summary>sentence-transformers' pipeline in double: embeddings, six layers, mean of the real tokens, unit length.</summary>
    /// <remarks>
    /// The reference runs the real tokens alone, unpadded: with the padding hidden, HuggingFace's outputs for them are
    /// exactly those, so the product's key padding is checked by agreeing, and short sentences cost the reference a
    /// fraction of the work.
    /// </remarks>
    private double[] ReferenceEmbedding(int[] ids, int length)
    {
        double[] x = ScalarEmbeddings.Bert(checkpoint.Embeddings, length, MiniLm.LayerNormEps, ids[..length], tokenTypeIds: []);
        foreach (EncoderLayerParameters layer in checkpoint.Layers)
        {
            x = ScalarTransformerLayers.Encoder(layer, MiniLm.Heads, length, MaskFlags.None, MiniLm.LayerNormEps, ActivationKind.Gelu,
                normFirst: false, x);
        }

        var mean = new double[MiniLm.DModel];
        for (int token = 0; token < length; token++)
        {
            for (int i = 0; i < mean.Length; i++)
            {
                mean[i] += x[token * MiniLm.DModel + i] / length;
            }
        }

        double norm = Math.Sqrt(mean.Sum(v => v * v));
        return [.. mean.Select(v => v / norm)];
    }
}
