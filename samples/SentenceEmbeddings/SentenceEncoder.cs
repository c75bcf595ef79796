using Microsoft.ML.Tokenizers;

namespace SentenceEmbeddings;

/// <summary>
/// Sentences to embeddings as sentence-transformers computes them for all-MiniLM-L6-v2: BERT word pieces between
/// [CLS] and [SEP], the encoder, the mean of the tokens' outputs, scaled to length 1.
/// </summary>
/// <remarks>
/// A batch runs as packed sequences: every sentence at its own length, one after another, with no padding, so a short
/// sentence costs what its tokens cost. The instance owns its buffers and reuses them (they grow to the largest batch
/// seen), so encoding allocates only what the tokenizer does. One instance per thread; instances may share one
/// <see cref="MiniLmWeights"/>.
/// </remarks>
public sealed class SentenceEncoder
{
    private readonly BertTokenizer _tokenizer;
    private readonly MiniLmEmbeddings _embeddings;
    private readonly MiniLmLayer[] _layers;
    private int[] _ids = new int[MiniLm.SeqLen];
    private int[] _lengths = new int[1];
    private float[] _hidden = new float[MiniLm.SeqLen * MiniLm.DModel];

    public SentenceEncoder(BertTokenizer tokenizer, MiniLmWeights weights)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(weights);
        _tokenizer = tokenizer;
        _embeddings = new MiniLmEmbeddings(weights.Embeddings);
        _layers = [.. weights.Layers.Select(layer => new MiniLmLayer(layer))];
    }

    /// <summary>
    /// Writes one sentence's token ids into the start of <paramref name="ids"/> (at least <see cref="MiniLm.SeqLen"/>
    /// of them): [CLS], the first SeqLen − 2 word pieces, [SEP], as HuggingFace truncates; the rest is padding.
    /// </summary>
    /// <returns>The number of tokens, [CLS] and [SEP] included.</returns>
    public int Tokenize(string sentence, Span<int> ids)
    {
        if (ids.Length < MiniLm.SeqLen)
        {
            throw new ArgumentException($"ids has {ids.Length} elements; expected at least SeqLen {MiniLm.SeqLen}.", nameof(ids));
        }

        int length = WriteTokens(sentence, ids);
        ids[length..].Fill(_tokenizer.PaddingTokenId);
        return length;
    }

    /// <summary>[CLS], the first SeqLen − 2 word pieces and [SEP] into the start of <paramref name="ids"/>; returns how many.</summary>
    private int WriteTokens(string sentence, Span<int> ids)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        // Truncated here, after whichever word piece comes last, as HuggingFace truncates, even inside a word.
        IReadOnlyList<int> pieces = _tokenizer.EncodeToIds(sentence, addSpecialTokens: false);
        int kept = Math.Min(pieces.Count, MiniLm.SeqLen - 2);
        ids[0] = _tokenizer.ClassificationTokenId;
        for (int i = 0; i < kept; i++)
        {
            ids[1 + i] = pieces[i];
        }

        ids[kept + 1] = _tokenizer.SeparatorTokenId;
        return kept + 2;
    }

    /// <summary>
    /// Writes one unit-length embedding of <see cref="MiniLm.DModel"/> floats per sentence, in order. The sentences run
    /// together as one packed batch; each one's embedding is the same, bit for bit, as when it runs alone.
    /// </summary>
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

        int tokens = TokenizeAll(sentences);
        ReadOnlySpan<int> lengths = _lengths.AsSpan(0, sentences.Count);
        Span<float> hidden = _hidden.AsSpan(0, tokens * MiniLm.DModel);
        _embeddings.ForwardPacked(_ids.AsSpan(0, tokens), tokenTypeIds: default, lengths, hidden);
        foreach (MiniLmLayer layer in _layers)
        {
            layer.ForwardPacked(hidden, lengths, hidden); // in place: each chunk of rows is read before it is written
        }

        int row = 0;
        for (int s = 0; s < sentences.Count; s++)
        {
            Span<float> embedding = embeddings.Slice(s * MiniLm.DModel, MiniLm.DModel);
            MeanOfRows(hidden.Slice(row * MiniLm.DModel, lengths[s] * MiniLm.DModel), embedding);
            ScaleToUnitLength(embedding);
            row += lengths[s];
        }
    }

    /// <summary>Every sentence's ids one after another in <c>_ids</c>, its length in <c>_lengths</c>; returns the tokens in all.</summary>
    private int TokenizeAll(IReadOnlyList<string> sentences)
    {
        EnsureCapacity(ref _lengths, sentences.Count);
        EnsureCapacity(ref _ids, sentences.Count * MiniLm.SeqLen);
        int tokens = 0;
        for (int s = 0; s < sentences.Count; s++)
        {
            // Packed: the next sentence's ids follow this one's directly, with no padding to write.
            _lengths[s] = WriteTokens(sentences[s], _ids.AsSpan(tokens, MiniLm.SeqLen));
            tokens += _lengths[s];
        }

        EnsureCapacity(ref _hidden, tokens * MiniLm.DModel);
        return tokens;
    }

    private static void EnsureCapacity<T>(ref T[] buffer, int length)
    {
        if (buffer.Length < length)
        {
            buffer = new T[Math.Max(length, 2 * buffer.Length)];
        }
    }

    /// <summary>The mean of a sentence's rows: its tokens only, as sentence-transformers masks padding out.</summary>
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
