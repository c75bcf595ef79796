using AttnGen.Testing;
using static AttnGen.Runtime.Tests.TaggedTensors;

namespace AttnGen.Runtime.Tests;

/// <summary><see cref="FeedForwardParameters"/>'s checks and seeded values, and finding them under PyTorch and HuggingFace names.</summary>
public sealed class FeedForwardWeightNamesTests
{
    private const int D = 4;
    private const int H = 8;

    private static WeightDictionary PyTorch(string prefix, bool bias)
    {
        var weights = new WeightDictionary();
        Add(weights, prefix + "linear1.weight", 1, H, D);
        Add(weights, prefix + "linear2.weight", 3, D, H);
        if (bias)
        {
            Add(weights, prefix + "linear1.bias", 2, H);
            Add(weights, prefix + "linear2.bias", 4, D);
        }

        return weights;
    }

    private static WeightDictionary HuggingFace(string prefix, bool bias)
    {
        var weights = new WeightDictionary();
        Add(weights, prefix + "intermediate.dense.weight", 11, H, D);
        Add(weights, prefix + "output.dense.weight", 13, D, H);
        if (bias)
        {
            Add(weights, prefix + "intermediate.dense.bias", 12, H);
            Add(weights, prefix + "output.dense.bias", 14, D);
        }

        return weights;
    }

    [Fact]
    public void Constructor_KeepsTheArraysGiven()
    {
        float[] w1 = Tagged(1, H * D), b1 = Tagged(2, H), w2 = Tagged(3, D * H), b2 = Tagged(4, D);

        var p = new FeedForwardParameters(D, H, w1, b1, w2, b2);

        Assert.Equal(D, p.DModel);
        Assert.Equal(H, p.Hidden);
        Assert.True(p.HasBias);
        Assert.Same(w1, p.InputWeight);
        Assert.Same(b1, p.InputBias);
        Assert.Same(w2, p.OutputWeight);
        Assert.Same(b2, p.OutputBias);
    }

    [Fact]
    public void Constructor_WithoutBiases_HasNoBias()
    {
        var p = new FeedForwardParameters(D, H, new float[H * D], null, new float[D * H], null);

        Assert.False(p.HasBias);
        Assert.Null(p.InputBias);
        Assert.Null(p.OutputBias);
    }

    public static TheoryData<int, string, int, int> WrongLength => new()
    {
        { 0, "inputWeight", H * D + 1, H * D },
        { 1, "inputBias", D, H },
        { 2, "outputWeight", D * H - 1, D * H },
        { 3, "outputBias", H, D },
    };

    [Theory]
    [MemberData(nameof(WrongLength))]
    public void Constructor_RejectsWrongLength_NamingTheArgument(int which, string name, int given, int expected)
    {
        float[][] arrays = [new float[H * D], new float[H], new float[D * H], new float[D]];
        arrays[which] = new float[given];

        var e = Assert.Throws<ArgumentException>(() => new FeedForwardParameters(D, H, arrays[0], arrays[1], arrays[2], arrays[3]));

        Assert.Equal(name, e.ParamName);
        Assert.Contains($"{given} elements", e.Message);
        Assert.Contains($"expected {expected}", e.Message);
    }

    [Fact]
    public void Constructor_RejectsOneBiasWithoutTheOther()
    {
        var onlyInput = Assert.Throws<ArgumentException>(() => new FeedForwardParameters(D, H, new float[H * D], new float[H], new float[D * H], null));
        var onlyOutput = Assert.Throws<ArgumentException>(() => new FeedForwardParameters(D, H, new float[H * D], null, new float[D * H], new float[D]));

        Assert.Contains("both biases or neither", onlyInput.Message);
        Assert.Equal("outputBias", onlyInput.ParamName);
        Assert.Equal("inputBias", onlyOutput.ParamName);
    }

    [Fact]
    public void Constructor_RejectsNullWeightsAndNonPositiveSizes()
    {
        Assert.Equal("outputWeight",
            Assert.Throws<ArgumentNullException>(() => new FeedForwardParameters(D, H, new float[H * D], null, null!, null)).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => new FeedForwardParameters(0, H, [], null, [], null));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FeedForwardParameters(D, 0, [], null, [], null));
        Assert.Throws<ArgumentOutOfRangeException>(() => FeedForwardParameters.Random(D, -1, bias: true, seed: 1));
    }

    [Fact]
    public void Random_SameSeed_SameParameters_DifferentSeed_Different()
    {
        FeedForwardParameters a = FeedForwardParameters.Random(16, 32, bias: true, seed: 42);
        FeedForwardParameters b = FeedForwardParameters.Random(16, 32, bias: true, seed: 42);
        FeedForwardParameters c = FeedForwardParameters.Random(16, 32, bias: true, seed: 43);

        Assert.Equal(a.InputWeight, b.InputWeight);
        Assert.Equal(a.InputBias, b.InputBias);
        Assert.Equal(a.OutputWeight, b.OutputWeight);
        Assert.Equal(a.OutputBias, b.OutputBias);
        Assert.NotEqual(a.InputWeight, c.InputWeight);
        Assert.NotEqual(a.OutputBias, c.OutputBias);
    }

    [Fact]
    public void Random_FollowsNnLinear_UniformOverOneOverRootFanIn()
    {
        // nn.Linear draws weight and bias from U(±1/√in_features): fan-in D for linear1, Hidden for linear2.
        const int d = 64, hidden = 256;
        FeedForwardParameters p = FeedForwardParameters.Random(d, hidden, bias: true, seed: 9);
        float inputLimit = 1 / MathF.Sqrt(d), outputLimit = 1 / MathF.Sqrt(hidden);

        AssertUsesRange(p.InputWeight, inputLimit);
        AssertUsesRange(p.InputBias!, inputLimit);
        AssertUsesRange(p.OutputWeight, outputLimit);
        AssertUsesRange(p.OutputBias!, outputLimit);
        Assert.Equal(hidden * d, p.InputWeight.Length);
        Assert.Equal(hidden, p.InputBias!.Length);
    }

    /// <summary>Every value within ±limit, the extremes near it: the draw is uniform over exactly that range.</summary>
    private static void AssertUsesRange(float[] values, float limit)
    {
        Assert.All(values, x => Assert.InRange(x, -limit, limit));
        Assert.True(values.Max() > 0.9f * limit && values.Min() < -0.9f * limit, $"[{values.Min()}, {values.Max()}] vs ±{limit}");
    }

    [Fact]
    public void Random_WithoutBias_HasNullBiases()
    {
        FeedForwardParameters p = FeedForwardParameters.Random(D, H, bias: false, seed: 3);

        Assert.False(p.HasBias);
        Assert.Null(p.InputBias);
        Assert.Null(p.OutputBias);
    }

    [Fact]
    public void PyTorch_MapsLinear1ToInputAndLinear2ToOutput()
    {
        FeedForwardParameters p = FeedForwardWeightNames.Load(PyTorch("", bias: true), "", D, H, bias: true);

        Assert.Equal(Tagged(1, H * D), p.InputWeight);
        Assert.Equal(Tagged(2, H), p.InputBias);
        Assert.Equal(Tagged(3, D * H), p.OutputWeight);
        Assert.Equal(Tagged(4, D), p.OutputBias);
    }

    [Fact]
    public void HuggingFace_MapsIntermediateToInputAndOutputDenseToOutput_UnderAPrefix()
    {
        WeightDictionary weights = HuggingFace("bert.encoder.layer.2.", bias: true);
        Add(weights, "bert.encoder.layer.2.attention.output.dense.weight", 50, D, D);

        FeedForwardParameters p = FeedForwardWeightNames.Load(weights, "bert.encoder.layer.2.", D, H, bias: true);

        Assert.Equal(Tagged(11, H * D), p.InputWeight);
        Assert.Equal(Tagged(12, H), p.InputBias);
        Assert.Equal(Tagged(13, D * H), p.OutputWeight);
        Assert.Equal(Tagged(14, D), p.OutputBias);
    }

    [Fact]
    public void NoBias_GivesNullBiases()
    {
        FeedForwardParameters pyTorch = FeedForwardWeightNames.Load(PyTorch("", bias: false), "", D, H, bias: false);
        FeedForwardParameters hf = FeedForwardWeightNames.Load(HuggingFace("", bias: false), "", D, H, bias: false);

        Assert.False(pyTorch.HasBias);
        Assert.False(hf.HasBias);
        Assert.Equal(Tagged(3, D * H), pyTorch.OutputWeight);
        Assert.Equal(Tagged(11, H * D), hf.InputWeight);
    }

    [Fact]
    public void UnexpectedBias_WhenDeclaredWithoutBias_IsAnError()
    {
        var e = Assert.Throws<InvalidDataException>(() => FeedForwardWeightNames.Load(PyTorch("ffn.", bias: true), "ffn.", D, H, bias: false));

        Assert.Contains("unexpected 'ffn.linear1.bias'", e.Message);
        Assert.Contains("unexpected 'ffn.linear2.bias'", e.Message);
        Assert.Contains("Bias = false", e.Message);
    }

    [Fact]
    public void PyTorch_ListsEveryMissingAndMisShapedTensorInOneMessage()
    {
        var weights = new WeightDictionary();
        Add(weights, "layers.0.linear1.weight", 1, D, H); // transposed
        Add(weights, "layers.0.linear1.bias", 2, H);
        // linear2.weight missing
        Add(weights, "layers.0.linear2.bias", 4, H); // wrong length

        var e = Assert.Throws<InvalidDataException>(() => FeedForwardWeightNames.Load(weights, "layers.0.", D, H, bias: true));

        Assert.Contains("PyTorch feed-forward", e.Message);
        Assert.Contains("'layers.0.linear1.weight' has shape [4, 8], expected [8, 4]", e.Message);
        Assert.Contains("missing 'layers.0.linear2.weight' (expected [4, 8])", e.Message);
        Assert.Contains("'layers.0.linear2.bias' has shape [8], expected [4]", e.Message);
        Assert.Equal(3, ProblemCount(e.Message));
    }

    [Fact]
    public void HuggingFace_ListsEveryMissingTensorInOneMessage()
    {
        var weights = new WeightDictionary();
        Add(weights, "output.dense.weight", 13, D, H);

        var e = Assert.Throws<InvalidDataException>(() => FeedForwardWeightNames.Load(weights, "", D, H, bias: true));

        Assert.Contains("HuggingFace BERT feed-forward", e.Message);
        Assert.Contains("missing 'intermediate.dense.weight' (expected [8, 4])", e.Message);
        Assert.Contains("missing 'intermediate.dense.bias' (expected [8])", e.Message);
        Assert.Contains("missing 'output.dense.bias' (expected [4])", e.Message);
        Assert.Equal(3, ProblemCount(e.Message));
    }

    [Fact]
    public void NoKnownLayout_NamesWhatItLookedForAndWhatIsPresent()
    {
        var weights = new WeightDictionary();
        Add(weights, "mlp.fc1.weight", 1, H, D);
        Add(weights, "mlp.fc2.weight", 2, D, H);

        var e = Assert.Throws<InvalidDataException>(() => FeedForwardWeightNames.Load(weights, "mlp.", D, H, bias: true));

        Assert.Contains("No feed-forward weights under prefix 'mlp.'", e.Message);
        Assert.Contains("'linear1.weight'", e.Message);
        Assert.Contains("'intermediate.dense.weight'", e.Message);
        Assert.Contains("'mlp.fc1.weight', 'mlp.fc2.weight'", e.Message);
    }

    [Fact]
    public void NullArgumentsAndNonPositiveSizes_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => FeedForwardWeightNames.Load(null!, "", D, H, bias: true));
        Assert.Throws<ArgumentNullException>(() => FeedForwardWeightNames.Load(new WeightDictionary(), null!, D, H, bias: true));
        Assert.Throws<ArgumentOutOfRangeException>(() => FeedForwardWeightNames.Load(new WeightDictionary(), "", 0, H, bias: true));
        Assert.Throws<ArgumentOutOfRangeException>(() => FeedForwardWeightNames.Load(new WeightDictionary(), "", D, 0, bias: true));
    }

    [Fact]
    public void GoldenFfn_LoadsLinear1AndLinear2()
    {
        using var file = SafeTensorsFile.Open(TestFiles.Golden("ffn_gelu.safetensors"));

        FeedForwardParameters p = FeedForwardWeightNames.Load(CaseWeights.Of(file), "", 64, 256, bias: true);

        Assert.Equal(file.ReadFloat32("linear1.weight"), p.InputWeight);
        Assert.Equal(file.ReadFloat32("linear1.bias"), p.InputBias);
        Assert.Equal(file.ReadFloat32("linear2.weight"), p.OutputWeight);
        Assert.Equal(file.ReadFloat32("linear2.bias"), p.OutputBias);
    }

    [Fact]
    public void GoldenBertLayer_LoadsIntermediateAndOutputDense()
    {
        using var file = SafeTensorsFile.Open(TestFiles.Golden("bert_layer.safetensors"));

        FeedForwardParameters p = FeedForwardWeightNames.Load(CaseWeights.Of(file), "", 64, 256, bias: true);

        Assert.Equal(file.ReadFloat32("intermediate.dense.weight"), p.InputWeight);
        Assert.Equal(file.ReadFloat32("output.dense.bias"), p.OutputBias);
    }

    [Fact]
    public void NonFiniteWeights_AreNamedWithTheirFirstBadIndex_UnlessAllowed()
    {
        var weights = new WeightDictionary();
        float[] hidden = Add(weights, "linear1.weight", 1, H, D);
        Add(weights, "linear1.bias", 2, H);
        Add(weights, "linear2.weight", 3, D, H);
        float[] outputBias = Add(weights, "linear2.bias", 4, D);
        hidden[2 * D + 3] = float.NaN;
        hidden[5 * D] = float.NaN;
        outputBias[1] = float.NegativeInfinity;

        var e = Assert.Throws<InvalidDataException>(() => FeedForwardWeightNames.Load(weights, "", D, H, bias: true));

        Assert.Contains("  - 'linear1.weight' holds NaN at [2, 3], its first non-finite value", e.Message);
        Assert.Contains("  - 'linear2.bias' holds -Infinity at [1], its first non-finite value", e.Message);
        Assert.Contains("Pass allowNonFinite: true to Load", e.Message);
        Assert.Equal(2, ProblemCount(e.Message));
        FeedForwardParameters p = FeedForwardWeightNames.Load(weights, "", D, H, bias: true, allowNonFinite: true);
        Assert.True(float.IsNaN(p.InputWeight[2 * D + 3]));
    }

    [Fact]
    public void FromALayerPrefix_OwnsOnlyItsTwoLinears()
    {
        // The layer's attention and LayerNorms are not the feed-forward's to account for; a stray linear tensor is.
        WeightDictionary weights = PyTorch("layers.1.", bias: true);
        Add(weights, "layers.1.norm1.weight", 9, D);
        Add(weights, "layers.1.self_attn.out_proj.weight", 10, D, D);
        FeedForwardWeightNames.Load(weights, "layers.1.", D, H, bias: true);

        Add(weights, "layers.1.linear1.weight_orig", 11, H, D);
        var e = Assert.Throws<InvalidDataException>(() => FeedForwardWeightNames.Load(weights, "layers.1.", D, H, bias: true));
        Assert.Contains("  - unused 'layers.1.linear1.weight_orig'", e.Message);
        Assert.Equal(1, ProblemCount(e.Message));
    }
}
