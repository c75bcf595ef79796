using AttnGen;

namespace SentenceEmbeddings;

/// <summary>The whole encoder's weights: embeddings and <see cref="MiniLm.Layers"/> layers, immutable and shareable.</summary>
public sealed class MiniLmWeights
{
    public MiniLmWeights(MiniLmEmbeddings.Weights embeddings, IReadOnlyList<MiniLmLayer.Weights> layers)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Count != MiniLm.Layers)
        {
            throw new ArgumentException($"Expected {MiniLm.Layers} layers, got {layers.Count}.", nameof(layers));
        }

        Embeddings = embeddings;
        Layers = layers;
    }

    public MiniLmEmbeddings.Weights Embeddings { get; }

    public IReadOnlyList<MiniLmLayer.Weights> Layers { get; }

    /// <summary>Seeded random weights: the embeddings from <paramref name="seed"/>, layer i from seed + 1 + i, so no two parts repeat.</summary>
    public static MiniLmWeights Random(int seed) =>
        new(MiniLmEmbeddings.Weights.Random(seed), [.. Enumerable.Range(0, MiniLm.Layers).Select(i => MiniLmLayer.Weights.Random(seed + 1 + i))]);

    /// <summary>
    /// Loads a HuggingFace checkpoint: a bare <c>BertModel</c> (<c>embeddings.*</c>, <c>encoder.layer.N.*</c>, as
    /// sentence-transformers saves it) or one nested under <c>bert.</c> (as task models such as
    /// <c>BertForMaskedLM</c> save it), detected from the names present.
    /// </summary>
    /// <exception cref="InvalidDataException">Tensors are missing or mis-shaped; the message lists every one.</exception>
    public static MiniLmWeights Load(IWeightSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        string prefix = source.Names.Contains("bert.embeddings.word_embeddings.weight") ? "bert." : "";
        return new(MiniLmEmbeddings.Weights.Load(source, prefix + "embeddings."),
            [.. Enumerable.Range(0, MiniLm.Layers).Select(i => MiniLmLayer.Weights.Load(source, $"{prefix}encoder.layer.{i}."))]);
    }
}
