using AttnGen.Testing;
using static AttnGen.Runtime.Tests.TaggedTensors;

namespace AttnGen.Runtime.Tests;

/// <summary><see cref="EncoderLayerParameters"/>'s checks and seeded values, and finding a layer under PyTorch and HuggingFace names.</summary>
public sealed class EncoderLayerWeightNamesTests
{
    private const int D = 4;
    private const int H = 8;

    /// <summary>
    /// An <c>nn.TransformerEncoderLayer</c>, tagged 1…12 above <paramref name="tagBase"/>; with
    /// <paramref name="separate"/> projections, <c>q_proj_weight</c>… tagged 41…43 replace <c>in_proj_weight</c>.
    /// </summary>
    private static void AddPyTorch(WeightDictionary weights, string prefix, int tagBase = 0, bool separate = false)
    {
        if (separate)
        {
            Add(weights, prefix + "self_attn.q_proj_weight", tagBase + 41, D, D);
            Add(weights, prefix + "self_attn.k_proj_weight", tagBase + 42, D, D);
            Add(weights, prefix + "self_attn.v_proj_weight", tagBase + 43, D, D);
        }
        else
        {
            Add(weights, prefix + "self_attn.in_proj_weight", tagBase + 1, 3 * D, D);
        }

        Add(weights, prefix + "self_attn.in_proj_bias", tagBase + 2, 3 * D);
        Add(weights, prefix + "self_attn.out_proj.weight", tagBase + 3, D, D);
        Add(weights, prefix + "self_attn.out_proj.bias", tagBase + 4, D);
        Add(weights, prefix + "linear1.weight", tagBase + 5, H, D);
        Add(weights, prefix + "linear1.bias", tagBase + 6, H);
        Add(weights, prefix + "linear2.weight", tagBase + 7, D, H);
        Add(weights, prefix + "linear2.bias", tagBase + 8, D);
        Add(weights, prefix + "norm1.weight", tagBase + 9, D);
        Add(weights, prefix + "norm1.bias", tagBase + 10, D);
        Add(weights, prefix + "norm2.weight", tagBase + 11, D);
        Add(weights, prefix + "norm2.bias", tagBase + 12, D);
    }

    /// <summary>A <c>BertLayer</c>, tagged 21…36 above <paramref name="tagBase"/>; LayerNorms as gamma/beta when <paramref name="legacy"/>.</summary>
    private static void AddHuggingFace(WeightDictionary weights, string prefix, bool legacy = false, int tagBase = 0)
    {
        string scale = legacy ? "gamma" : "weight", shift = legacy ? "beta" : "bias";
        string[] attention = ["attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense"];
        for (int i = 0; i < attention.Length; i++)
        {
            Add(weights, prefix + attention[i] + ".weight", tagBase + 21 + 2 * i, D, D);
            Add(weights, prefix + attention[i] + ".bias", tagBase + 22 + 2 * i, D);
        }

        Add(weights, prefix + "attention.output.LayerNorm." + scale, tagBase + 29, D);
        Add(weights, prefix + "attention.output.LayerNorm." + shift, tagBase + 30, D);
        Add(weights, prefix + "intermediate.dense.weight", tagBase + 31, H, D);
        Add(weights, prefix + "intermediate.dense.bias", tagBase + 32, H);
        Add(weights, prefix + "output.dense.weight", tagBase + 33, D, H);
        Add(weights, prefix + "output.dense.bias", tagBase + 34, D);
        Add(weights, prefix + "output.LayerNorm." + scale, tagBase + 35, D);
        Add(weights, prefix + "output.LayerNorm." + shift, tagBase + 36, D);
    }

    private static EncoderLayerParameters Parts(int dModel = D, int ffnWidth = D, int norm1Width = D, int norm2Width = D,
        bool attentionBias = true, bool ffnBias = true) => new(
        AttentionParameters.Random(dModel, attentionBias, seed: 1),
        FeedForwardParameters.Random(ffnWidth, H, ffnBias, seed: 2),
        LayerNormParameters.Random(norm1Width, seed: 3),
        LayerNormParameters.Random(norm2Width, seed: 4));

    [Fact]
    public void Constructor_KeepsThePartsAndReportsTheirSizes()
    {
        var attention = AttentionParameters.Random(D, bias: true, seed: 1);
        var ffn = FeedForwardParameters.Random(D, H, bias: true, seed: 2);
        var norm1 = LayerNormParameters.Random(D, seed: 3);
        var norm2 = LayerNormParameters.Random(D, seed: 4);

        var p = new EncoderLayerParameters(attention, ffn, norm1, norm2);

        Assert.Same(attention, p.Attention);
        Assert.Same(ffn, p.FeedForward);
        Assert.Same(norm1, p.Norm1);
        Assert.Same(norm2, p.Norm2);
        Assert.Equal(D, p.DModel);
        Assert.Equal(H, p.Hidden);
    }

    [Theory]
    [InlineData("feedForward")]
    [InlineData("norm1")]
    [InlineData("norm2")]
    public void Constructor_RejectsAPartOfAnotherWidth_NamingIt(string part)
    {
        var e = Assert.Throws<ArgumentException>(() => Parts(
            ffnWidth: part == "feedForward" ? 2 * D : D, norm1Width: part == "norm1" ? 2 * D : D, norm2Width: part == "norm2" ? 2 * D : D));

        Assert.Equal(part, e.ParamName);
        Assert.Contains($"DModel {2 * D}; expected {D}", e.Message);
    }

    [Theory]
    [InlineData("attention")]
    [InlineData("feedForward")]
    public void Constructor_RejectsProjectionsWithoutBiases(string part)
    {
        var e = Assert.Throws<ArgumentException>(() => Parts(attentionBias: part != "attention", ffnBias: part != "feedForward"));

        Assert.Equal(part, e.ParamName);
        Assert.Contains("no biases", e.Message);
    }

    [Fact]
    public void Constructor_RejectsNullParts()
    {
        EncoderLayerParameters p = Parts();

        Assert.Equal("attention", Assert.Throws<ArgumentNullException>(() => new EncoderLayerParameters(null!, p.FeedForward, p.Norm1, p.Norm2)).ParamName);
        Assert.Equal("feedForward", Assert.Throws<ArgumentNullException>(() => new EncoderLayerParameters(p.Attention, null!, p.Norm1, p.Norm2)).ParamName);
        Assert.Equal("norm1", Assert.Throws<ArgumentNullException>(() => new EncoderLayerParameters(p.Attention, p.FeedForward, null!, p.Norm2)).ParamName);
        Assert.Equal("norm2", Assert.Throws<ArgumentNullException>(() => new EncoderLayerParameters(p.Attention, p.FeedForward, p.Norm1, null!)).ParamName);
    }

    [Fact]
    public void Random_SameSeed_SameLayer_DifferentSeed_Different()
    {
        EncoderLayerParameters a = EncoderLayerParameters.Random(16, 32, seed: 42);
        EncoderLayerParameters b = EncoderLayerParameters.Random(16, 32, seed: 42);
        EncoderLayerParameters c = EncoderLayerParameters.Random(16, 32, seed: 43);

        Assert.Equal(a.Attention.QueryWeight, b.Attention.QueryWeight);
        Assert.Equal(a.Attention.OutputBias, b.Attention.OutputBias);
        Assert.Equal(a.FeedForward.InputWeight, b.FeedForward.InputWeight);
        Assert.Equal(a.FeedForward.OutputBias, b.FeedForward.OutputBias);
        Assert.Equal(a.Norm1.Weight, b.Norm1.Weight);
        Assert.Equal(a.Norm2.Bias, b.Norm2.Bias);
        Assert.NotEqual(a.Attention.QueryWeight, c.Attention.QueryWeight);
        Assert.NotEqual(a.FeedForward.InputWeight, c.FeedForward.InputWeight);
        Assert.NotEqual(a.Norm1.Weight, c.Norm1.Weight);
    }

    [Fact]
    public void Random_PartsDifferFromEachOther_AndKeepTheirOwnDistributions()
    {
        EncoderLayerParameters p = EncoderLayerParameters.Random(16, 32, seed: 7);

        Assert.Equal(16, p.DModel);
        Assert.Equal(32, p.Hidden);
        Assert.NotEqual(p.Norm1.Weight, p.Norm2.Weight);
        Assert.NotEqual(p.Norm1.Bias, p.Norm2.Bias);
        Assert.NotEqual(p.Attention.OutputBias, p.FeedForward.OutputBias);
        Assert.All(p.Attention.QueryWeight, x => Assert.InRange(x, -MathF.Sqrt(3f / 16), MathF.Sqrt(3f / 16)));
        Assert.All(p.FeedForward.OutputWeight, x => Assert.InRange(x, -1 / MathF.Sqrt(32), 1 / MathF.Sqrt(32)));
        Assert.All(p.Norm2.Weight, x => Assert.InRange(x, 0.5f, 1.5f));
    }

    [Fact]
    public void PyTorch_MapsEveryTensorToItsPart()
    {
        var weights = new WeightDictionary();
        AddPyTorch(weights, "");

        EncoderLayerParameters p = EncoderLayerWeightNames.Load(weights, "", D, H);

        Assert.Equal(Tagged(1, 3 * D * D)[(D * D)..(2 * D * D)], p.Attention.KeyWeight);
        Assert.Equal(Tagged(2, 3 * D)[(2 * D)..], p.Attention.ValueBias);
        Assert.Equal(Tagged(3, D * D), p.Attention.OutputWeight);
        Assert.Equal(Tagged(4, D), p.Attention.OutputBias);
        Assert.Equal(Tagged(5, H * D), p.FeedForward.InputWeight);
        Assert.Equal(Tagged(6, H), p.FeedForward.InputBias);
        Assert.Equal(Tagged(7, D * H), p.FeedForward.OutputWeight);
        Assert.Equal(Tagged(8, D), p.FeedForward.OutputBias);
        Assert.Equal(Tagged(9, D), p.Norm1.Weight);
        Assert.Equal(Tagged(10, D), p.Norm1.Bias);
        Assert.Equal(Tagged(11, D), p.Norm2.Weight);
        Assert.Equal(Tagged(12, D), p.Norm2.Bias);
    }

    [Fact]
    public void PyTorch_SeparateProjections()
    {
        var weights = new WeightDictionary();
        AddPyTorch(weights, "", separate: true);

        EncoderLayerParameters p = EncoderLayerWeightNames.Load(weights, "", D, H);

        Assert.Equal(Tagged(41, D * D), p.Attention.QueryWeight);
        Assert.Equal(Tagged(42, D * D), p.Attention.KeyWeight);
        Assert.Equal(Tagged(43, D * D), p.Attention.ValueWeight);
        Assert.Equal(Tagged(2, 3 * D)[..D], p.Attention.QueryBias);
        Assert.Equal(Tagged(11, D), p.Norm2.Weight);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void HuggingFace_MapsEveryTensorToItsPart_WithModernOrLegacyLayerNormNames(bool legacy)
    {
        var weights = new WeightDictionary();
        AddHuggingFace(weights, "", legacy);

        EncoderLayerParameters p = EncoderLayerWeightNames.Load(weights, "", D, H);

        Assert.Equal(Tagged(21, D * D), p.Attention.QueryWeight);
        Assert.Equal(Tagged(24, D), p.Attention.KeyBias);
        Assert.Equal(Tagged(25, D * D), p.Attention.ValueWeight);
        Assert.Equal(Tagged(27, D * D), p.Attention.OutputWeight);
        Assert.Equal(Tagged(28, D), p.Attention.OutputBias);
        Assert.Equal(Tagged(29, D), p.Norm1.Weight);
        Assert.Equal(Tagged(30, D), p.Norm1.Bias);
        Assert.Equal(Tagged(31, H * D), p.FeedForward.InputWeight);
        Assert.Equal(Tagged(32, H), p.FeedForward.InputBias);
        Assert.Equal(Tagged(33, D * H), p.FeedForward.OutputWeight);
        Assert.Equal(Tagged(34, D), p.FeedForward.OutputBias);
        Assert.Equal(Tagged(35, D), p.Norm2.Weight);
        Assert.Equal(Tagged(36, D), p.Norm2.Bias);
    }

    [Theory]
    [InlineData("encoder.layer.")]
    [InlineData("bert.encoder.layer.")]
    public void Prefix_SelectsOneLayerAmongSeveral(string stem)
    {
        var weights = new WeightDictionary();
        foreach (int layer in new[] { 6, 7, 17 })
        {
            AddHuggingFace(weights, $"{stem}{layer}.", tagBase: 100 * layer);
        }

        EncoderLayerParameters p = EncoderLayerWeightNames.Load(weights, $"{stem}7.", D, H);

        Assert.Equal(Tagged(721, D * D), p.Attention.QueryWeight);
        Assert.Equal(Tagged(730, D), p.Norm1.Bias);
        Assert.Equal(Tagged(731, H * D), p.FeedForward.InputWeight);
        Assert.Equal(Tagged(736, D), p.Norm2.Bias);
    }

    [Fact]
    public void PyTorch_ListsEveryProblemAcrossAttentionFeedForwardAndNormsInOneMessage()
    {
        const string p = "layers.3.";
        var weights = new WeightDictionary();
        Add(weights, p + "self_attn.in_proj_weight", 1, 3 * D + 1, D + 1);
        Add(weights, p + "self_attn.in_proj_bias", 2, 3 * D);
        Add(weights, p + "self_attn.out_proj.weight", 3, D, D);
        // self_attn.out_proj.bias missing
        Add(weights, p + "linear1.weight", 5, H, D);
        Add(weights, p + "linear1.bias", 6, H + 1);
        // linear2.weight missing
        Add(weights, p + "linear2.bias", 8, D);
        Add(weights, p + "norm1.weight", 9, D + 1);
        Add(weights, p + "norm1.bias", 10, D);
        Add(weights, p + "norm2.weight", 11, D);
        // norm2.bias missing

        var e = Assert.Throws<InvalidDataException>(() => EncoderLayerWeightNames.Load(weights, p, D, H));

        Assert.Contains("PyTorch nn.TransformerEncoderLayer", e.Message);
        Assert.Contains($"prefix '{p}'", e.Message);
        Assert.Contains($"'{p}self_attn.in_proj_weight' has shape [13, 5], expected [12, 4]", e.Message);
        Assert.Contains($"missing '{p}self_attn.out_proj.bias' (expected [4])", e.Message);
        Assert.Contains($"'{p}linear1.bias' has shape [9], expected [8]", e.Message);
        Assert.Contains($"missing '{p}linear2.weight' (expected [4, 8])", e.Message);
        Assert.Contains($"'{p}norm1.weight' has shape [5], expected [4]", e.Message);
        Assert.Contains($"missing '{p}norm2.bias' (expected [4])", e.Message);
        Assert.Equal(6, ProblemCount(e.Message));
    }

    [Fact]
    public void HuggingFace_ListsEveryProblemAcrossAttentionFeedForwardAndNormsInOneMessage()
    {
        const string p = "bert.encoder.layer.0.";
        var weights = new WeightDictionary();
        Add(weights, p + "attention.self.query.weight", 21, D, D);
        Add(weights, p + "attention.self.key.weight", 23, D, D + 1);
        Add(weights, p + "attention.output.LayerNorm.gamma", 29, D);
        Add(weights, p + "output.dense.weight", 33, H, D);

        var e = Assert.Throws<InvalidDataException>(() => EncoderLayerWeightNames.Load(weights, p, D, H));

        Assert.Contains("HuggingFace BertLayer", e.Message);
        Assert.Contains($"missing '{p}attention.self.query.bias' (expected [4])", e.Message);
        Assert.Contains($"'{p}attention.self.key.weight' has shape [4, 5], expected [4, 4]", e.Message);
        Assert.Contains($"missing '{p}attention.self.value.weight' (expected [4, 4])", e.Message);
        Assert.Contains($"missing '{p}attention.output.dense.bias' (expected [4])", e.Message);
        Assert.Contains($"missing '{p}attention.output.LayerNorm.bias' (expected [4])", e.Message);
        Assert.Contains($"missing '{p}intermediate.dense.weight' (expected [8, 4])", e.Message);
        Assert.Contains($"'{p}output.dense.weight' has shape [8, 4], expected [4, 8]", e.Message);
        Assert.Contains($"missing '{p}output.LayerNorm.weight' (expected [4])", e.Message);
        // Attention: 8 tensors, query.weight fine. LayerNorms: 4, gamma fine. Feed-forward: all 4.
        Assert.Equal(7 + 3 + 4, ProblemCount(e.Message));
    }

    [Fact]
    public void NoKnownLayout_NamesWhatItLookedForAndWhatIsPresent()
    {
        var weights = new WeightDictionary();
        Add(weights, "h.0.attn.c_attn.weight", 1, D, 3 * D);
        Add(weights, "h.0.mlp.c_fc.weight", 2, D, H);
        Add(weights, "h.1.mlp.c_fc.weight", 3, D, H);

        var e = Assert.Throws<InvalidDataException>(() => EncoderLayerWeightNames.Load(weights, "h.0.", D, H));

        Assert.Contains("No encoder layer weights under prefix 'h.0.'", e.Message);
        Assert.Contains("'self_attn.in_proj_weight'", e.Message);
        Assert.Contains("'linear1.weight'", e.Message);
        Assert.Contains("'attention.self.query.weight'", e.Message);
        Assert.Contains("'intermediate.dense.weight'", e.Message);
        Assert.Contains("'h.0.attn.c_attn.weight', 'h.0.mlp.c_fc.weight'", e.Message);
        Assert.DoesNotContain("h.1.", e.Message);
        Assert.DoesNotContain("bert.", e.Message);
    }

    [Fact]
    public void NoKnownLayout_LayerUnderBertPrefix_SuggestsIt()
    {
        var weights = new WeightDictionary();
        AddHuggingFace(weights, "bert.encoder.layer.0.");

        var e = Assert.Throws<InvalidDataException>(() => EncoderLayerWeightNames.Load(weights, "encoder.layer.0.", D, H));

        Assert.Contains("present with that prefix: none", e.Message);
        Assert.Contains("prefix is probably 'bert.encoder.layer.0.'", e.Message);
    }

    [Fact]
    public void NullArgumentsAndNonPositiveSizes_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => EncoderLayerWeightNames.Load(null!, "", D, H));
        Assert.Throws<ArgumentNullException>(() => EncoderLayerWeightNames.Load(new WeightDictionary(), null!, D, H));
        Assert.Throws<ArgumentOutOfRangeException>(() => EncoderLayerWeightNames.Load(new WeightDictionary(), "", 0, H));
        Assert.Throws<ArgumentOutOfRangeException>(() => EncoderLayerWeightNames.Load(new WeightDictionary(), "", D, -1));
    }

    [Fact]
    public void GoldenPyTorchEncoder_LandsInTheRightParts()
    {
        using var file = SafeTensorsFile.Open(TestFiles.Golden("encoder_post_gelu.safetensors"));

        EncoderLayerParameters p = EncoderLayerWeightNames.Load(CaseWeights.Of(file), "", 64, 256);

        Assert.Equal(file.ReadFloat32("self_attn.in_proj_weight")[(2 * 64 * 64)..], p.Attention.ValueWeight);
        Assert.Equal(file.ReadFloat32("self_attn.out_proj.bias"), p.Attention.OutputBias);
        Assert.Equal(file.ReadFloat32("linear1.weight"), p.FeedForward.InputWeight);
        Assert.Equal(file.ReadFloat32("linear2.bias"), p.FeedForward.OutputBias);
        Assert.Equal(file.ReadFloat32("norm1.weight"), p.Norm1.Weight);
        Assert.Equal(file.ReadFloat32("norm2.bias"), p.Norm2.Bias);
    }

    [Fact]
    public void GoldenBertLayer_LandsInTheRightParts()
    {
        using var file = SafeTensorsFile.Open(TestFiles.Golden("bert_layer.safetensors"));

        EncoderLayerParameters p = EncoderLayerWeightNames.Load(CaseWeights.Of(file), "", 64, 256);

        Assert.Equal(file.ReadFloat32("attention.self.key.weight"), p.Attention.KeyWeight);
        Assert.Equal(file.ReadFloat32("attention.output.dense.bias"), p.Attention.OutputBias);
        Assert.Equal(file.ReadFloat32("attention.output.LayerNorm.weight"), p.Norm1.Weight);
        Assert.Equal(file.ReadFloat32("intermediate.dense.bias"), p.FeedForward.InputBias);
        Assert.Equal(file.ReadFloat32("output.dense.weight"), p.FeedForward.OutputWeight);
        Assert.Equal(file.ReadFloat32("output.LayerNorm.bias"), p.Norm2.Bias);
    }

    [Fact]
    public void TensorUnderTheLayerThatTheLayoutDoesNotRead_IsListed_UnlessAllowed()
    {
        // The case: relative position embeddings, which AttnGen does not compute, loaded without a word.
        var weights = new WeightDictionary();
        AddHuggingFace(weights, "encoder.layer.0.");
        Add(weights, "encoder.layer.0.attention.self.distance_embedding.weight", 90, 7, D);
        Add(weights, "encoder.layer.0.output.LayerNorm.running_mean", 91, D);

        var e = Assert.Throws<InvalidDataException>(() => EncoderLayerWeightNames.Load(weights, "encoder.layer.0.", D, H));

        Assert.Contains("  - unused 'encoder.layer.0.attention.self.distance_embedding.weight'", e.Message);
        Assert.Contains("  - unused 'encoder.layer.0.output.LayerNorm.running_mean'", e.Message);
        Assert.Contains("pass allowUnused: true to Load", e.Message);
        Assert.Equal(2, ProblemCount(e.Message));
        EncoderLayerParameters p = EncoderLayerWeightNames.Load(weights, "encoder.layer.0.", D, H, allowUnused: true);
        Assert.Equal(Tagged(21, D * D), p.Attention.QueryWeight);
    }

    [Fact]
    public void EveryLayerOfAWholeCheckpoint_LoadsStrictly_LayerOneNotClaimingLayersTenAndEleven()
    {
        var weights = new WeightDictionary();
        for (int layer = 0; layer < 12; layer++)
        {
            AddHuggingFace(weights, $"bert.encoder.layer.{layer}.", tagBase: 100 * layer);
        }

        Add(weights, "bert.pooler.dense.weight", 5000, D, D);

        for (int layer = 0; layer < 12; layer++)
        {
            EncoderLayerParameters p = EncoderLayerWeightNames.Load(weights, $"bert.encoder.layer.{layer}.", D, H);
            Assert.Equal(Tagged(100 * layer + 21, D * D), p.Attention.QueryWeight);
        }
    }
}
