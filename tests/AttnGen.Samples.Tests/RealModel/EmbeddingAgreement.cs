using SentenceEmbeddings;

namespace AttnGen.Samples.Tests.RealModel;

/// <summary>How closely AttnGen's embedding of one sentence matches ONNX Runtime's.</summary>
/// <param name="Tokens">The sentence's token count, [CLS] and [SEP] included.</param>
/// <param name="Cosine">The cosine between the two embeddings, in double.</param>
/// <param name="MaxDelta">The largest absolute difference between corresponding elements.</param>
internal sealed record EmbeddingAgreement(string Sentence, int Tokens, double Cosine, double MaxDelta)
{
    /// <summary>Agreement as close as float rounding in two different kernels allows, and far closer than any wrong
    /// weight: a swapped pair of matrices in one layer costs whole percents of cosine.</summary>
    public const double MinCosine = 0.999999, MaxAbsoluteDelta = 1e-5;

    public bool Agrees => Cosine >= MinCosine && MaxDelta <= MaxAbsoluteDelta;

    /// <summary>Encodes <paramref name="sentences"/> with <paramref name="encoder"/>, runs the same token ids through
    /// <paramref name="reference"/>, and compares each pair of embeddings.</summary>
    public static EmbeddingAgreement[] Measure(SentenceEncoder encoder, IReadOnlyList<string> sentences, OnnxRuntimeReference reference)
    {
        float[] embeddings = new float[sentences.Count * MiniLm.DModel];
        encoder.Encode(sentences, embeddings);
        var agreements = new EmbeddingAgreement[sentences.Count];
        int[] ids = new int[MiniLm.SeqLen];
        for (int s = 0; s < sentences.Count; s++)
        {
            int tokens = encoder.Tokenize(sentences[s], ids);
            double[] expected = reference.Embedding(ids.AsSpan(0, tokens));
            ReadOnlySpan<float> actual = embeddings.AsSpan(s * MiniLm.DModel, MiniLm.DModel);
            double dot = 0, actualSquares = 0, maxDelta = 0;
            for (int i = 0; i < actual.Length; i++)
            {
                dot += expected[i] * actual[i];
                actualSquares += (double)actual[i] * actual[i];
                maxDelta = Math.Max(maxDelta, Math.Abs(expected[i] - actual[i]));
            }

            // The expected embedding has length 1 already.
            agreements[s] = new EmbeddingAgreement(sentences[s], tokens, dot / Math.Sqrt(actualSquares), maxDelta);
        }

        return agreements;
    }

    public override string ToString() =>
        $"cosine 1 − {1 - Cosine:E2}, max |Δ| {MaxDelta:E2}, {Tokens} tokens: \"{(Sentence.Length > 60 ? Sentence[..57] + "..." : Sentence)}\"";
}
