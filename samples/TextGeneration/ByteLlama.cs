using AttnGen;

namespace TextGeneration;

/// <summary>
/// A byte-level decoder-only language model: a token is a byte, embedded by a 256-row table; four
/// <see cref="ByteLlamaLayer"/>s; a final RMSNorm; and logits from the same table (tied embeddings, as the checkpoint
/// says). Holds the weights only: a <see cref="Decoder"/> holds one sequence's caches and scratch.
/// </summary>
public sealed class ByteLlama
{
    public const int Vocabulary = 256;
    public const int Layers = 4;
    public const int DModel = ByteLlamaLayer.DModel;

    /// <summary>The longest text the model attends over: its caches' capacity and its training context.</summary>
    public const int Context = ByteLlamaLayer.MaxSeqLen;

    private ByteLlama(float[] embeddings, IReadOnlyList<ByteLlamaLayer.Weights> layers, float[] finalNorm)
    {
        Embeddings = embeddings;
        LayerWeights = layers;
        FinalNorm = finalNorm;
    }

    /// <summary>The token embeddings <c>[Vocabulary, DModel]</c>, also the output projection.</summary>
    public float[] Embeddings { get; }

    public IReadOnlyList<ByteLlamaLayer.Weights> LayerWeights { get; }

    /// <summary>The final RMSNorm's weight <c>[DModel]</c>.</summary>
    public float[] FinalNorm { get; }

    /// <summary>The norm's epsilon, the layers' NormEps.</summary>
    public float NormEps => 1e-5f;

    /// <summary>Loads HuggingFace <c>LlamaForCausalLM</c> names: <c>model.embed_tokens</c>, <c>model.layers.{i}.*</c>, <c>model.norm</c>.</summary>
    /// <exception cref="InvalidDataException">A tensor is missing or mis-shaped, or the model is not the shape declared here.</exception>
    public static ByteLlama Load(SafeTensorsFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return new ByteLlama(
            Read(file, "model.embed_tokens.weight", [Vocabulary, DModel]),
            [.. Enumerable.Range(0, Layers).Select(i => ByteLlamaLayer.Weights.Load(file, $"model.layers.{i}."))],
            Read(file, "model.norm.weight", [DModel]));
    }

    /// <summary>The model beside the program, as the build copies it.</summary>
    public static ByteLlama LoadDefault()
    {
        using SafeTensorsFile file = SafeTensorsFile.Open(Path.Combine(AppContext.BaseDirectory, "model.safetensors"));
        return Load(file);
    }

    private static float[] Read(SafeTensorsFile file, string name, int[] shape)
    {
        if (!file.TryGetShape(name, out int[]? actual) || !actual.SequenceEqual(shape))
        {
            throw new InvalidDataException(
                $"{name}: expected shape [{string.Join(", ", shape)}], found {(actual is null ? "no such tensor" : $"[{string.Join(", ", actual)}]")}.");
        }

        var values = new float[shape.Aggregate(1, (product, size) => product * size)];
        file.ReadFloat32(name, values);
        return values;
    }
}
