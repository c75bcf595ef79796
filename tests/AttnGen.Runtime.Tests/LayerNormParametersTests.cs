using static AttnGen.Runtime.Tests.TaggedTensors;

namespace AttnGen.Runtime.Tests;

/// <summary>Size checks, the seeded <see cref="LayerNormParameters.Random"/>, and loading under modern and legacy names.</summary>
public sealed class LayerNormParametersTests
{
    private const int D = 4;

    [Fact]
    public void Constructor_KeepsTheArraysGiven()
    {
        float[] weight = Tagged(1, D), bias = Tagged(2, D);

        var p = new LayerNormParameters(D, weight, bias);

        Assert.Equal(D, p.DModel);
        Assert.Same(weight, p.Weight);
        Assert.Same(bias, p.Bias);
    }

    [Theory]
    [InlineData("weight")]
    [InlineData("bias")]
    public void Constructor_RejectsWrongLength_NamingTheArgument(string name)
    {
        float[] wrong = new float[D + 1];

        var e = Assert.Throws<ArgumentException>(() => name == "weight"
            ? new LayerNormParameters(D, wrong, new float[D])
            : new LayerNormParameters(D, new float[D], wrong));

        Assert.Equal(name, e.ParamName);
        Assert.Contains($"{D + 1} elements", e.Message);
        Assert.Contains($"expected {D}", e.Message);
    }

    [Fact]
    public void Constructor_RejectsNullArraysAndNonPositiveWidth()
    {
        Assert.Equal("weight", Assert.Throws<ArgumentNullException>(() => new LayerNormParameters(D, null!, new float[D])).ParamName);
        Assert.Equal("bias", Assert.Throws<ArgumentNullException>(() => new LayerNormParameters(D, new float[D], null!)).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => new LayerNormParameters(0, [], []));
        Assert.Throws<ArgumentOutOfRangeException>(() => LayerNormParameters.Random(-1, seed: 1));
    }

    [Fact]
    public void Random_SameSeed_SameParameters_DifferentSeed_Different()
    {
        LayerNormParameters a = LayerNormParameters.Random(16, seed: 42);
        LayerNormParameters b = LayerNormParameters.Random(16, seed: 42);
        LayerNormParameters c = LayerNormParameters.Random(16, seed: 43);

        Assert.Equal(a.Weight, b.Weight);
        Assert.Equal(a.Bias, b.Bias);
        Assert.NotEqual(a.Weight, c.Weight);
        Assert.NotEqual(a.Bias, c.Bias);
    }

    [Fact]
    public void Random_WeightAroundOne_BiasAroundZero_UsingMostOfTheRange()
    {
        // U(0.5, 1.5) and U(−0.1, 0.1), not PyTorch's 1 and 0, so that both the scale and the shift are exercised.
        LayerNormParameters p = LayerNormParameters.Random(512, seed: 5);

        Assert.Equal(512, p.DModel);
        Assert.All(p.Weight, w => Assert.InRange(w, 0.5f, 1.5f));
        Assert.All(p.Bias, b => Assert.InRange(b, -0.1f, 0.1f));
        Assert.True(p.Weight.Min() < 0.55f && p.Weight.Max() > 1.45f, $"weight in [{p.Weight.Min()}, {p.Weight.Max()}]");
        Assert.True(p.Bias.Min() < -0.09f && p.Bias.Max() > 0.09f, $"bias in [{p.Bias.Min()}, {p.Bias.Max()}]");
    }

    [Fact]
    public void Load_WeightAndBias_UnderThePrefixGiven()
    {
        var weights = new WeightDictionary();
        Add(weights, "norm1.weight", 1, D);
        Add(weights, "norm1.bias", 2, D);
        Add(weights, "norm2.weight", 3, D);
        Add(weights, "norm2.bias", 4, D);

        LayerNormParameters p = LayerNormParameters.Load(weights, "norm2.", D);

        Assert.Equal(Tagged(3, D), p.Weight);
        Assert.Equal(Tagged(4, D), p.Bias);
    }

    [Fact]
    public void Load_LegacyGammaAndBeta()
    {
        var weights = new WeightDictionary();
        Add(weights, "attention.output.LayerNorm.gamma", 5, D);
        Add(weights, "attention.output.LayerNorm.beta", 6, D);

        LayerNormParameters p = LayerNormParameters.Load(weights, "attention.output.LayerNorm.", D);

        Assert.Equal(Tagged(5, D), p.Weight);
        Assert.Equal(Tagged(6, D), p.Bias);
    }

    [Fact]
    public void Load_BothNamingsAreRefused_OrModernNamesWinWhenUnusedAreAllowed()
    {
        var weights = new WeightDictionary();
        Add(weights, "LayerNorm.gamma", 5, D);
        Add(weights, "LayerNorm.beta", 6, D);
        Add(weights, "LayerNorm.weight", 7, D);
        Add(weights, "LayerNorm.bias", 8, D);

        var e = Assert.Throws<InvalidDataException>(() => LayerNormParameters.Load(weights, "LayerNorm.", D));
        Assert.Contains("unused 'LayerNorm.gamma'", e.Message);
        Assert.Contains("unused 'LayerNorm.beta'", e.Message);
        LayerNormParameters p = LayerNormParameters.Load(weights, "LayerNorm.", D, allowUnused: true);

        Assert.Equal(Tagged(7, D), p.Weight);
        Assert.Equal(Tagged(8, D), p.Bias);
    }

    [Fact]
    public void Load_ListsTheMisShapedAndTheMissingTensorInOneMessage()
    {
        var weights = new WeightDictionary();
        Add(weights, "norm1.weight", 1, D + 1);

        var e = Assert.Throws<InvalidDataException>(() => LayerNormParameters.Load(weights, "norm1.", D));

        Assert.Contains("LayerNorm", e.Message);
        Assert.Contains("prefix 'norm1.'", e.Message);
        Assert.Contains("'norm1.weight' has shape [5], expected [4]", e.Message);
        Assert.Contains("missing 'norm1.bias' (expected [4])", e.Message);
        Assert.Equal(2, ProblemCount(e.Message));
    }

    [Fact]
    public void Load_MissingLegacyPartner_IsReportedUnderItsModernName()
    {
        var weights = new WeightDictionary();
        Add(weights, "LayerNorm.gamma", 5, D);

        var e = Assert.Throws<InvalidDataException>(() => LayerNormParameters.Load(weights, "LayerNorm.", D));

        Assert.Contains("missing 'LayerNorm.bias' (expected [4])", e.Message);
        Assert.DoesNotContain("gamma", e.Message);
    }

    [Fact]
    public void Load_NothingUnderThePrefix_NamesWhatItLookedForAndWhatIsPresent()
    {
        var weights = new WeightDictionary();
        Add(weights, "norm1.scale", 1, D);
        Add(weights, "other.weight", 2, D);

        var e = Assert.Throws<InvalidDataException>(() => LayerNormParameters.Load(weights, "norm1.", D));

        Assert.Contains("No LayerNorm weights under prefix 'norm1.'", e.Message);
        Assert.Contains("'weight', 'bias'", e.Message);
        Assert.Contains("'gamma', 'beta'", e.Message);
        Assert.Contains("'norm1.scale'", e.Message);
        Assert.DoesNotContain("other.weight", e.Message);
    }

    [Fact]
    public void Load_NamesOnlyUnderBertPrefix_SaysSo()
    {
        var weights = new WeightDictionary();
        Add(weights, "bert.embeddings.LayerNorm.weight", 1, D);
        Add(weights, "bert.embeddings.LayerNorm.bias", 2, D);

        var e = Assert.Throws<InvalidDataException>(() => LayerNormParameters.Load(weights, "embeddings.LayerNorm.", D));

        Assert.Contains("present with that prefix: none", e.Message);
        Assert.Contains("'bert.embeddings.LayerNorm.'", e.Message);
    }

    [Fact]
    public void Load_NullArgumentsAndNonPositiveWidth_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => LayerNormParameters.Load(null!, "", D));
        Assert.Throws<ArgumentNullException>(() => LayerNormParameters.Load(new WeightDictionary(), null!, D));
        Assert.Throws<ArgumentOutOfRangeException>(() => LayerNormParameters.Load(new WeightDictionary(), "", 0));
    }

    [Fact]
    public void GoldenBertLayer_LoadsBothLayerNorms()
    {
        using var file = SafeTensorsFile.Open(TestFiles.Golden("bert_layer.safetensors"));

        LayerNormParameters attentionNorm = LayerNormParameters.Load(file, "attention.output.LayerNorm.", 64);
        LayerNormParameters outputNorm = LayerNormParameters.Load(file, "output.LayerNorm.", 64);

        Assert.Equal(file.ReadFloat32("attention.output.LayerNorm.weight"), attentionNorm.Weight);
        Assert.Equal(file.ReadFloat32("attention.output.LayerNorm.bias"), attentionNorm.Bias);
        Assert.Equal(file.ReadFloat32("output.LayerNorm.weight"), outputNorm.Weight);
        Assert.Equal(file.ReadFloat32("output.LayerNorm.bias"), outputNorm.Bias);
    }
}
