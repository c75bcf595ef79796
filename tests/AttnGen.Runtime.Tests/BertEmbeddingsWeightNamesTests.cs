using AttnGen.Testing;
using static AttnGen.Runtime.Tests.TaggedTensors;

namespace AttnGen.Runtime.Tests;

/// <summary><see cref="BertEmbeddingsParameters"/>'s checks and seeded values, and finding them under HuggingFace names.</summary>
public sealed class BertEmbeddingsWeightNamesTests
{
    private const int V = 10;
    private const int P = 6;
    private const int T = 2;
    private const int D = 4;

    /// <summary>A <c>BertEmbeddings</c>: tables tagged 1…3, LayerNorm 4 and 5, as gamma/beta when <paramref name="legacy"/>.</summary>
    private static WeightDictionary HuggingFace(string prefix, bool legacy = false)
    {
        var weights = new WeightDictionary();
        Add(weights, prefix + "word_embeddings.weight", 1, V, D);
        Add(weights, prefix + "position_embeddings.weight", 2, P, D);
        Add(weights, prefix + "token_type_embeddings.weight", 3, T, D);
        Add(weights, prefix + (legacy ? "LayerNorm.gamma" : "LayerNorm.weight"), 4, D);
        Add(weights, prefix + (legacy ? "LayerNorm.beta" : "LayerNorm.bias"), 5, D);
        return weights;
    }

    [Fact]
    public void Constructor_KeepsTheTablesAndSizes()
    {
        float[] word = Tagged(1, V * D), position = Tagged(2, P * D), tokenType = Tagged(3, T * D);
        var norm = LayerNormParameters.Random(D, seed: 1);

        var p = new BertEmbeddingsParameters(V, P, T, D, word, position, tokenType, norm);

        Assert.Equal((V, P, T, D), (p.VocabSize, p.MaxPositions, p.TypeVocabSize, p.DModel));
        Assert.Same(word, p.WordEmbeddings);
        Assert.Same(position, p.PositionEmbeddings);
        Assert.Same(tokenType, p.TokenTypeEmbeddings);
        Assert.Same(norm, p.Norm);
    }

    public static TheoryData<int, string, int> WrongTable => new()
    {
        { 0, "wordEmbeddings", V * D },
        { 1, "positionEmbeddings", P * D },
        { 2, "tokenTypeEmbeddings", T * D },
    };

    [Theory]
    [MemberData(nameof(WrongTable))]
    public void Constructor_RejectsWrongTableLength_NamingTheArgument(int which, string name, int expected)
    {
        float[][] tables = [new float[V * D], new float[P * D], new float[T * D]];
        tables[which] = new float[expected - D];

        var e = Assert.Throws<ArgumentException>(() =>
            new BertEmbeddingsParameters(V, P, T, D, tables[0], tables[1], tables[2], LayerNormParameters.Random(D, seed: 1)));

        Assert.Equal(name, e.ParamName);
        Assert.Contains($"{expected - D} elements", e.Message);
        Assert.Contains($"expected {expected}", e.Message);
    }

    [Fact]
    public void Constructor_RejectsALayerNormOfAnotherWidth()
    {
        var e = Assert.Throws<ArgumentException>(() => new BertEmbeddingsParameters(V, P, T, D,
            new float[V * D], new float[P * D], new float[T * D], LayerNormParameters.Random(2 * D, seed: 1)));

        Assert.Equal("norm", e.ParamName);
        Assert.Contains($"DModel {2 * D}; expected {D}", e.Message);
    }

    [Fact]
    public void Constructor_RejectsNonPositiveSizesAndNulls()
    {
        var norm = LayerNormParameters.Random(D, seed: 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => new BertEmbeddingsParameters(0, P, T, D, [], new float[P * D], new float[T * D], norm));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BertEmbeddingsParameters(V, 0, T, D, new float[V * D], [], new float[T * D], norm));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BertEmbeddingsParameters(V, P, 0, D, new float[V * D], new float[P * D], [], norm));
        Assert.Throws<ArgumentOutOfRangeException>(() => BertEmbeddingsParameters.Random(V, P, T, 0, seed: 1));
        Assert.Equal("norm", Assert.Throws<ArgumentNullException>(() =>
            new BertEmbeddingsParameters(V, P, T, D, new float[V * D], new float[P * D], new float[T * D], null!)).ParamName);
        Assert.Equal("positionEmbeddings", Assert.Throws<ArgumentNullException>(() =>
            new BertEmbeddingsParameters(V, P, T, D, new float[V * D], null!, new float[T * D], norm)).ParamName);
    }

    [Fact]
    public void Random_SameSeed_SameParameters_DifferentSeed_Different()
    {
        BertEmbeddingsParameters a = BertEmbeddingsParameters.Random(V, P, T, D, seed: 42);
        BertEmbeddingsParameters b = BertEmbeddingsParameters.Random(V, P, T, D, seed: 42);
        BertEmbeddingsParameters c = BertEmbeddingsParameters.Random(V, P, T, D, seed: 43);

        Assert.Equal(a.WordEmbeddings, b.WordEmbeddings);
        Assert.Equal(a.PositionEmbeddings, b.PositionEmbeddings);
        Assert.Equal(a.TokenTypeEmbeddings, b.TokenTypeEmbeddings);
        Assert.Equal(a.Norm.Weight, b.Norm.Weight);
        Assert.NotEqual(a.WordEmbeddings, c.WordEmbeddings);
        Assert.NotEqual(a.Norm.Bias, c.Norm.Bias);
    }

    [Fact]
    public void Random_TablesDifferFromEachOther()
    {
        BertEmbeddingsParameters p = BertEmbeddingsParameters.Random(V, P, T, D, seed: 3);

        Assert.NotEqual(p.WordEmbeddings[..(T * D)], p.TokenTypeEmbeddings);
        Assert.NotEqual(p.PositionEmbeddings[..(T * D)], p.TokenTypeEmbeddings);
        Assert.NotEqual(p.WordEmbeddings[..(P * D)], p.PositionEmbeddings);
    }

    [Fact]
    public void Random_TablesFollowBertsInitializer_NormalWithDeviation0_02()
    {
        BertEmbeddingsParameters p = BertEmbeddingsParameters.Random(1000, 8, 2, 64, seed: 11);
        float[] word = p.WordEmbeddings;
        double mean = word.Average(x => (double)x);
        double deviation = Math.Sqrt(word.Average(x => (x - mean) * (x - mean)));
        double withinOneDeviation = word.Count(x => Math.Abs(x) < 0.02f) / (double)word.Length;

        // 64 000 draws: the sample mean and deviation land within a few standard errors (8e-5 and 6e-5).
        Assert.InRange(mean, -5e-4, 5e-4);
        Assert.InRange(deviation, 0.0196, 0.0204);
        Assert.InRange(withinOneDeviation, 0.673, 0.693);
        Assert.All(word, x => Assert.InRange(x, -0.12f, 0.12f));
        Assert.All(p.Norm.Weight, x => Assert.InRange(x, 0.5f, 1.5f));
        Assert.All(p.Norm.Bias, x => Assert.InRange(x, -0.1f, 0.1f));
    }

    [Theory]
    [InlineData("embeddings.", false)]
    [InlineData("bert.embeddings.", false)]
    [InlineData("bert.embeddings.", true)]
    public void HuggingFace_MapsEveryTensorToItsTable(string prefix, bool legacy)
    {
        BertEmbeddingsParameters p = BertEmbeddingsWeightNames.Load(HuggingFace(prefix, legacy), prefix, V, P, T, D);

        Assert.Equal(Tagged(1, V * D), p.WordEmbeddings);
        Assert.Equal(Tagged(2, P * D), p.PositionEmbeddings);
        Assert.Equal(Tagged(3, T * D), p.TokenTypeEmbeddings);
        Assert.Equal(Tagged(4, D), p.Norm.Weight);
        Assert.Equal(Tagged(5, D), p.Norm.Bias);
    }

    [Fact]
    public void ListsEveryMissingAndMisShapedTensorInOneMessage()
    {
        var weights = new WeightDictionary();
        Add(weights, "bert.embeddings.word_embeddings.weight", 1, V + 1, D);
        // position_embeddings.weight missing
        Add(weights, "bert.embeddings.token_type_embeddings.weight", 3, T, D);
        Add(weights, "bert.embeddings.LayerNorm.gamma", 4, D + 1);
        // LayerNorm bias missing

        var e = Assert.Throws<InvalidDataException>(() => BertEmbeddingsWeightNames.Load(weights, "bert.embeddings.", V, P, T, D));

        Assert.Contains("HuggingFace BertEmbeddings", e.Message);
        Assert.Contains("'bert.embeddings.word_embeddings.weight' has shape [11, 4], expected [10, 4]", e.Message);
        Assert.Contains("missing 'bert.embeddings.position_embeddings.weight' (expected [6, 4])", e.Message);
        Assert.Contains("'bert.embeddings.LayerNorm.gamma' has shape [5], expected [4]", e.Message);
        Assert.Contains("missing 'bert.embeddings.LayerNorm.bias' (expected [4])", e.Message);
        Assert.Equal(4, ProblemCount(e.Message));
    }

    [Fact]
    public void NoKnownLayout_UnderTheBertPrefix_SuggestsIt()
    {
        var e = Assert.Throws<InvalidDataException>(() => BertEmbeddingsWeightNames.Load(HuggingFace("bert.embeddings."), "embeddings.", V, P, T, D));

        Assert.Contains("No BERT embeddings weights under prefix 'embeddings.'", e.Message);
        Assert.Contains("'word_embeddings.weight'", e.Message);
        Assert.Contains("present with that prefix: none", e.Message);
        Assert.Contains("prefix is probably 'bert.embeddings.'", e.Message);
    }

    [Fact]
    public void NoKnownLayout_ListsTheNamesPresent()
    {
        var weights = new WeightDictionary();
        Add(weights, "embeddings.wte.weight", 1, V, D);

        var e = Assert.Throws<InvalidDataException>(() => BertEmbeddingsWeightNames.Load(weights, "embeddings.", V, P, T, D));

        Assert.Contains("'embeddings.wte.weight'", e.Message);
        Assert.DoesNotContain("probably", e.Message);
    }

    [Fact]
    public void NullArgumentsAndNonPositiveSizes_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => BertEmbeddingsWeightNames.Load(null!, "", V, P, T, D));
        Assert.Throws<ArgumentNullException>(() => BertEmbeddingsWeightNames.Load(new WeightDictionary(), null!, V, P, T, D));
        Assert.Throws<ArgumentOutOfRangeException>(() => BertEmbeddingsWeightNames.Load(new WeightDictionary(), "", V, P, 0, D));
    }

    [Fact]
    public void GoldenBertEmbeddings_LandInTheRightTables()
    {
        using var file = SafeTensorsFile.Open(TestFiles.Golden("bert_embeddings.safetensors"));

        BertEmbeddingsParameters p = BertEmbeddingsWeightNames.Load(CaseWeights.Of(file), "", 100, 32, 2, 64);

        Assert.Equal(file.ReadFloat32("word_embeddings.weight"), p.WordEmbeddings);
        Assert.Equal(file.ReadFloat32("position_embeddings.weight"), p.PositionEmbeddings);
        Assert.Equal(file.ReadFloat32("token_type_embeddings.weight"), p.TokenTypeEmbeddings);
        Assert.Equal(file.ReadFloat32("LayerNorm.weight"), p.Norm.Weight);
        Assert.Equal(file.ReadFloat32("LayerNorm.bias"), p.Norm.Bias);
    }

    [Fact]
    public void IndexBuffersSavedBesideTheTables_AreAccepted_AnyOtherTensorIsUnused()
    {
        // transformers saves position_ids (and in some versions token_type_ids): index buffers, not parameters.
        WeightDictionary weights = HuggingFace("bert.embeddings.");
        Add(weights, "bert.embeddings.position_ids", 6, 1, P);
        Add(weights, "bert.embeddings.token_type_ids", 7, 1, P);
        BertEmbeddingsWeightNames.Load(weights, "bert.embeddings.", V, P, T, D);

        Add(weights, "bert.embeddings.position_embeddings_2.weight", 8, P, D);
        var e = Assert.Throws<InvalidDataException>(() => BertEmbeddingsWeightNames.Load(weights, "bert.embeddings.", V, P, T, D));
        Assert.Contains("  - unused 'bert.embeddings.position_embeddings_2.weight'", e.Message);
        Assert.Equal(1, ProblemCount(e.Message));
    }
}
