namespace AttnGen;

/// <summary>
/// The parameters of HuggingFace's <c>BertEmbeddings</c>: word, position and token-type tables, row-major with one
/// <c>DModel</c>-wide row per entry, summed per token and then normalised by <see cref="Norm"/>.
/// </summary>
public sealed class BertEmbeddingsParameters
{
    /// <summary>Creates parameters from the three tables and the LayerNorm, checking every size.</summary>
    /// <exception cref="ArgumentException">A table has the wrong length, or the LayerNorm another width.</exception>
    public BertEmbeddingsParameters(int vocabSize, int maxPositions, int typeVocabSize, int dModel,
        float[] wordEmbeddings, float[] positionEmbeddings, float[] tokenTypeEmbeddings, LayerNormParameters norm)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(vocabSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxPositions);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(typeVocabSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dModel);
        ArgumentNullException.ThrowIfNull(norm);
        VocabSize = vocabSize;
        MaxPositions = maxPositions;
        TypeVocabSize = typeVocabSize;
        DModel = dModel;
        WordEmbeddings = ParameterChecks.RequireLength(wordEmbeddings, checked(vocabSize * dModel), nameof(wordEmbeddings));
        PositionEmbeddings = ParameterChecks.RequireLength(positionEmbeddings, checked(maxPositions * dModel), nameof(positionEmbeddings));
        TokenTypeEmbeddings = ParameterChecks.RequireLength(tokenTypeEmbeddings, checked(typeVocabSize * dModel), nameof(tokenTypeEmbeddings));
        ParameterChecks.RequireWidth(norm.DModel, dModel, nameof(norm));
        Norm = norm;
    }

    /// <summary>Number of token ids: rows of <see cref="WordEmbeddings"/>.</summary>
    public int VocabSize { get; }

    /// <summary>Number of positions: rows of <see cref="PositionEmbeddings"/>.</summary>
    public int MaxPositions { get; }

    /// <summary>Number of token types (segments): rows of <see cref="TokenTypeEmbeddings"/>.</summary>
    public int TypeVocabSize { get; }

    /// <summary>Model width: the length of every row.</summary>
    public int DModel { get; }

    /// <summary>Word table <c>[VocabSize, DModel]</c>.</summary>
    public float[] WordEmbeddings { get; }

    /// <summary>Position table <c>[MaxPositions, DModel]</c>.</summary>
    public float[] PositionEmbeddings { get; }

    /// <summary>Token-type table <c>[TypeVocabSize, DModel]</c>.</summary>
    public float[] TokenTypeEmbeddings { get; }

    /// <summary>The LayerNorm applied to the sum of the three rows.</summary>
    public LayerNormParameters Norm { get; }

    /// <summary>
    /// Seeded random parameters for demos and tests. The tables follow BERT's initialiser, N(0, 0.02²) (its
    /// <c>initializer_range</c>), so sums of rows have the scale a trained checkpoint's do; the LayerNorm is
    /// <see cref="LayerNormParameters.Random"/> rather than BERT's 1 and 0, so that its scale and shift are exercised.
    /// The same seed gives the same parameters on every machine.
    /// </summary>
    public static BertEmbeddingsParameters Random(int vocabSize, int maxPositions, int typeVocabSize, int dModel, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(vocabSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxPositions);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(typeVocabSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dModel);
        var random = new Random(seed);
        float[] Table(int rows) => SeededValues.Normal(random, checked(rows * dModel), 0.02f);
        // Arguments are evaluated left to right, so each table always gets the same draws.
        return new BertEmbeddingsParameters(vocabSize, maxPositions, typeVocabSize, dModel,
            Table(vocabSize), Table(maxPositions), Table(typeVocabSize), LayerNormParameters.Random(dModel, random.Next()));
    }
}
