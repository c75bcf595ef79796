using Microsoft.ML.Tokenizers;

namespace SentenceEmbeddings;

/// <summary>
/// Sentences to embeddings as sentence-transformers computes them for all-MiniLM-L6-v2: BERT word pieces between
/// [CLS] and [SEP], the encoder, the mean of the real tokens' outputs, scaled to length 1.
/// </summary>
/// <remarks>
/// The instance owns its buffers and reuses them for every sentence, so encoding allocates only what the tokenizer
/// does. One instance per thread; instances may share one <see cref="MiniLmWeights"/>.
/// </remarks>
public sealed class SentenceEncoder
{
    private readonly BertTokenizer _tokenizer;
    private readonly MiniLmEmbeddings _embeddings;
    private readonly MiniLmLayer[] _layers;
    private readonly int[] _ids = new int[MiniLm.SeqLen];
    private readonly int[] _keyLength = new int[1];
    private float[] _hidden = new float[MiniLm.SeqLen * MiniLm.DModel];
    private float[] _next = new float[MiniLm.SeqLen * MiniLm.DModel];

    public SentenceEncoder(BertTokenizer tokenizer, MiniLmWeights weights)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(weights);
        _tokenizer = tokenizer;
        _embeddings = new MiniLmEmbeddings(weights.Embeddings);
        _layers = [.. weights.Layers.Select(layer => new MiniLmLayer(layer))];
    }

    /// <summary>
    /// Writes one sentence's token ids into <paramref name="ids"/> (<see cref="MiniLm.SeqLen"/> of them): [CLS], the
    /// first SeqLen − 2 word pieces, [SEP], then padding, as HuggingFace truncates and pads.
    /// </summary>
    /// <returns>The number of real tokens, [CLS] and [SEP] included.</returns>
    public int Tokenize(string sentence, Span<int> ids)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        if (ids.Length != MiniLm.SeqLen)
        {
            throw new ArgumentException($"ids has {ids.Length} elements; expected SeqLen {MiniLm.SeqLen}.", nameof(ids));
        }

        // Truncated here, after whichever word piece comes last, as HuggingFace truncates, even inside a word.
        IReadOnlyList<int> pieces = _tokenizer.EncodeToIds(sentence, addSpecialTokens: false);
        int kept = Math.Min(pieces.Count, MiniLm.SeqLen - 2);
        ids[0] = _tokenizer.ClassificationTokenId;
        for (int i = 0; i < kept; i++)
        {
            ids[1 + i] = pieces[i];
        }

        ids[kept + 1] = _tokenizer.SeparatorTokenId;
        ids[(kept + 2)..].Fill(_tokenizer.PaddingTokenId);
        return kept + 2;
    }

    /// <summary>Writes one unit-length embedding of <see cref="MiniLm.DModel"/> floats per sentence, in order.</summary>
    /// <exception cref="ArgumentException"><paramref name="embeddings"/> does not hold exactly one embedding per sentence.</exception>
    public void Encode(IReadOnlyList<string> sentences, Span<float> embeddings)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        if (embeddings.Length != sentences.Count * MiniLm.DModel)
        {
            throw new ArgumentException(
                $"embeddings has {embeddings.Length} elements; expected {sentences.Count * MiniLm.DModel} ({sentences.Count} sentences × DModel {MiniLm.DModel}).",
                nameof(embeddings));
        }

        for (int s = 0; s < sentences.Count; s++)
        {
            Encode(sentences[s], embeddings.Slice(s * MiniLm.DModel, MiniLm.DModel));
        }
    }

    private void Encode(string sentence, Span<float> embedding)
    {
        int length = Tokenize(sentence, _ids);
        _keyLength[0] = length;
        _embeddings.Forward(_ids, tokenTypeIds: default, _hidden);
        foreach (MiniLmLayer layer in _layers)
        {
            layer.Forward(_hidden, _keyLength, _next);
            (_hidden, _next) = (_next, _hidden);
        }

        MeanOfRows(_hidden.AsSpan(0, length * MiniLm.DModel), embedding);
        ScaleToUnitLength(embedding);
    }

    /// <summary>The mean of the real tokens' rows; padding rows never enter it, as sentence-transformers masks them.</summary>
    private static void MeanOfRows(ReadOnlySpan<float> rows, Span<float> mean)
    {
        int count = rows.Length / mean.Length;
        mean.Clear();
        for (int row = 0; row < count; row++)
        {
            ReadOnlySpan<float> values = rows.Slice(row * mean.Length, mean.Length);
            for (int i = 0; i < mean.Length; i++)
            {
                mean[i] += values[i];
            }
        }

        for (int i = 0; i < mean.Length; i++)
        {
            mean[i] /= count;
        }
    }

    /// <summary>Divides by the Euclidean norm, floored at 1e-12 as PyTorch's <c>F.normalize</c> does.</summary>
    private static void ScaleToUnitLength(Span<float> vector)
    {
        double squares = 0;
        foreach (float value in vector)
        {
            squares += (double)value * value;
        }

        float scale = (float)(1 / Math.Max(Math.Sqrt(squares), 1e-12));
        for (int i = 0; i < vector.Length; i++)
        {
            vector[i] *= scale;
        }
    }
}
