namespace AttnGen;

/// <summary>Finds the parameters of HuggingFace's <c>BertEmbeddings</c> in a checkpoint.</summary>
/// <remarks>
/// Names, relative to the prefix: <c>word_embeddings.weight</c> <c>[vocab, D]</c>, <c>position_embeddings.weight</c>
/// <c>[positions, D]</c>, <c>token_type_embeddings.weight</c> <c>[types, D]</c>, and <c>LayerNorm.{weight,bias}</c>,
/// or the legacy <c>LayerNorm.{gamma,beta}</c>.
/// </remarks>
public static class BertEmbeddingsWeightNames
{
    private const string Layout = "HuggingFace BertEmbeddings";

    // Any one name selects the layout, so a missing sibling is reported as missing rather than as an unknown layout.
    private static readonly string[] Markers =
        ["word_embeddings.weight", "position_embeddings.weight", "token_type_embeddings.weight", "LayerNorm.weight", "LayerNorm.gamma"];

    /// <summary>
    /// Loads the embeddings stored under <paramref name="prefix"/> (<c>"embeddings."</c>, or <c>"bert.embeddings."</c>
    /// in a full <c>BertModel</c> checkpoint), checking every table against the sizes given.
    /// </summary>
    /// <exception cref="InvalidDataException">
    /// The layout is not present, or tensors are missing or mis-shaped; one message lists every one, with full names
    /// and expected and actual shapes.
    /// </exception>
    public static BertEmbeddingsParameters Load(IWeightSource source, string prefix,
        int vocabSize, int maxPositions, int typeVocabSize, int dModel)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(vocabSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxPositions);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(typeVocabSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dModel);
        var reader = new WeightReader(source, prefix);
        if (!Markers.Any(reader.Has))
        {
            throw UnknownLayout.Error(source, prefix, "BERT embeddings", (Layout, Markers));
        }

        float[] word = reader.Require("word_embeddings.weight", vocabSize, dModel);
        float[] position = reader.Require("position_embeddings.weight", maxPositions, dModel);
        float[] tokenType = reader.Require("token_type_embeddings.weight", typeVocabSize, dModel);
        var norm = LayerNormParameters.Read(reader.Scoped("LayerNorm."), dModel);
        reader.ThrowIfProblems(Layout);
        return new BertEmbeddingsParameters(vocabSize, maxPositions, typeVocabSize, dModel, word, position, tokenType, norm());
    }
}
