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
    /// <remarks>
    /// <c>allowUnused</c> accepts tensors under the prefix that the layout does not read (for a block that is part of
    /// a layer, under the modules it owns), which are otherwise errors listed by name; <c>allowNonFinite</c> accepts
    /// weights holding NaN or ±∞, otherwise an error naming the tensor and its first bad index.
    /// </remarks>
    /// <exception cref="InvalidDataException">
    /// The layout is not present, or tensors are missing, mis-shaped, non-finite or unused; one message lists every
    /// one, with full names and expected and actual shapes.
    /// </exception>
    public static BertEmbeddingsParameters Load(IWeightSource source, string prefix,
        int vocabSize, int maxPositions, int typeVocabSize, int dModel, bool allowUnused = false, bool allowNonFinite = false)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(vocabSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxPositions);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(typeVocabSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dModel);
        var reader = new WeightReader(source, prefix, allowUnused, allowNonFinite);
        reader.Own("");
        // transformers saves these index buffers beside the weights in many checkpoints; they are not parameters.
        reader.Skip("position_ids");
        reader.Skip("token_type_ids");
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
