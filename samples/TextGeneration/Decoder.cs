namespace TextGeneration;

/// <summary>
/// One sequence being decoded by a <see cref="ByteLlama"/>: a layer instance and a cache per layer, and the scratch for
/// one token's hidden state and logits. <see cref="Append"/> feeds tokens through the layers (a prompt at once, then
/// one at a time) and returns the logits for the next; nothing is allocated after construction.
/// </summary>
public sealed class Decoder
{
    private readonly ByteLlama _model;
    private readonly ByteLlamaLayer[] _layers;
    private readonly ByteLlamaLayer.Cache[] _caches;
    private readonly float[] _hidden = new float[ByteLlama.Context * ByteLlama.DModel];
    private readonly float[] _normed = new float[ByteLlama.DModel];

    public Decoder(ByteLlama model)
    {
        _model = model ?? throw new ArgumentNullException(nameof(model));
        _layers = [.. model.LayerWeights.Select(weights => new ByteLlamaLayer(weights))];
        _caches = [.. model.LayerWeights.Select(_ => new ByteLlamaLayer.Cache())];
    }

    /// <summary>Tokens held so far.</summary>
    public int Length => _caches[0].Length;

    /// <summary>Forgets the sequence.</summary>
    public void Reset()
    {
        foreach (ByteLlamaLayer.Cache cache in _caches)
        {
            cache.Reset();
        }
    }

    /// <summary>
    /// Runs <paramref name="tokens"/> after those held, through every layer (each attends over its cache), and writes
    /// the logits of the token that would follow the last into <paramref name="logits"/> <c>[Vocabulary]</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The sequence would pass the context of <see cref="ByteLlama.Context"/> tokens.</exception>
    public void Append(ReadOnlySpan<byte> tokens, Span<float> logits)
    {
        int width = ByteLlama.DModel;
        Span<float> hidden = _hidden.AsSpan(0, tokens.Length * width);
        for (int t = 0; t < tokens.Length; t++)
        {
            _model.Embeddings.AsSpan(tokens[t] * width, width).CopyTo(hidden.Slice(t * width, width));
        }

        for (int layer = 0; layer < _layers.Length; layer++)
        {
            _layers[layer].Forward(hidden, _caches[layer], hidden);
        }

        // Only the last position's logits are needed: the final norm and the output projection for it alone.
        ReadOnlySpan<float> last = hidden[^width..];
        float squares = 0;
        foreach (float value in last)
        {
            squares += value * value;
        }

        float inverse = 1f / MathF.Sqrt(squares / width + _model.NormEps);
        for (int i = 0; i < width; i++)
        {
            _normed[i] = last[i] * inverse * _model.FinalNorm[i];
        }

        for (int token = 0; token < ByteLlama.Vocabulary; token++)
        {
            ReadOnlySpan<float> row = _model.Embeddings.AsSpan(token * width, width);
            float sum = 0;
            for (int i = 0; i < width; i++)
            {
                sum += row[i] * _normed[i];
            }

            logits[token] = sum;
        }
    }
}
