using AttnGen.Testing;
using static AttnGen.Runtime.Tests.TaggedTensors;

namespace AttnGen.Runtime.Tests;

/// <summary><see cref="DecoderLayerParameters"/>'s checks and seeded values, and finding a layer under PyTorch's names.</summary>
public sealed class DecoderLayerWeightNamesTests
{
    private const int D = 4;
    private const int H = 8;

    /// <summary>An <c>nn.TransformerDecoderLayer</c>: self-attention tagged 1…4, cross-attention 51…54, the rest 5…14.</summary>
    private static WeightDictionary PyTorch(string prefix)
    {
        var weights = new WeightDictionary();
        foreach ((string attention, int tag) in new[] { ("self_attn.", 0), ("multihead_attn.", 50) })
        {
            Add(weights, prefix + attention + "in_proj_weight", tag + 1, 3 * D, D);
            Add(weights, prefix + attention + "in_proj_bias", tag + 2, 3 * D);
            Add(weights, prefix + attention + "out_proj.weight", tag + 3, D, D);
            Add(weights, prefix + attention + "out_proj.bias", tag + 4, D);
        }

        Add(weights, prefix + "linear1.weight", 5, H, D);
        Add(weights, prefix + "linear1.bias", 6, H);
        Add(weights, prefix + "linear2.weight", 7, D, H);
        Add(weights, prefix + "linear2.bias", 8, D);
        for (int norm = 1; norm <= 3; norm++)
        {
            Add(weights, prefix + $"norm{norm}.weight", 7 + 2 * norm, D);
            Add(weights, prefix + $"norm{norm}.bias", 8 + 2 * norm, D);
        }

        return weights;
    }

    /// <summary>A valid layer except for the part named by <paramref name="wide"/> (twice as wide) or <paramref name="noBias"/>.</summary>
    private static DecoderLayerParameters Parts(string wide = "", string noBias = "")
    {
        int Width(string part) => part == wide ? 2 * D : D;
        return new DecoderLayerParameters(
            AttentionParameters.Random(Width("selfAttention"), noBias != "selfAttention", seed: 1),
            AttentionParameters.Random(Width("crossAttention"), noBias != "crossAttention", seed: 2),
            FeedForwardParameters.Random(Width("feedForward"), H, noBias != "feedForward", seed: 3),
            LayerNormParameters.Random(Width("norm1"), seed: 4),
            LayerNormParameters.Random(Width("norm2"), seed: 5),
            LayerNormParameters.Random(Width("norm3"), seed: 6));
    }

    [Fact]
    public void Constructor_KeepsThePartsAndReportsTheirSizes()
    {
        DecoderLayerParameters a = Parts();

        var p = new DecoderLayerParameters(a.SelfAttention, a.CrossAttention, a.FeedForward, a.Norm1, a.Norm2, a.Norm3);

        Assert.Same(a.SelfAttention, p.SelfAttention);
        Assert.Same(a.CrossAttention, p.CrossAttention);
        Assert.Same(a.FeedForward, p.FeedForward);
        Assert.Same(a.Norm1, p.Norm1);
        Assert.Same(a.Norm2, p.Norm2);
        Assert.Same(a.Norm3, p.Norm3);
        Assert.Equal(D, p.DModel);
        Assert.Equal(H, p.Hidden);
    }

    [Theory]
    [InlineData("crossAttention")]
    [InlineData("feedForward")]
    [InlineData("norm1")]
    [InlineData("norm2")]
    [InlineData("norm3")]
    public void Constructor_RejectsAPartOfAnotherWidth_NamingIt(string part)
    {
        var e = Assert.Throws<ArgumentException>(() => Parts(wide: part));

        Assert.Equal(part, e.ParamName);
        Assert.Contains($"DModel {2 * D}; expected {D}", e.Message);
    }

    [Fact]
    public void Constructor_MeasuresWidthsAgainstTheSelfAttention()
    {
        var e = Assert.Throws<ArgumentException>(() => Parts(wide: "selfAttention"));

        Assert.Equal("crossAttention", e.ParamName);
        Assert.Contains($"DModel {D}; expected {2 * D}", e.Message);
    }

    [Theory]
    [InlineData("selfAttention")]
    [InlineData("crossAttention")]
    [InlineData("feedForward")]
    public void Constructor_RejectsProjectionsWithoutBiases(string part)
    {
        var e = Assert.Throws<ArgumentException>(() => Parts(noBias: part));

        Assert.Equal(part, e.ParamName);
        Assert.Contains("no biases", e.Message);
    }

    [Fact]
    public void Constructor_RejectsNullParts()
    {
        DecoderLayerParameters p = Parts();

        Assert.Equal("crossAttention", Assert.Throws<ArgumentNullException>(
            () => new DecoderLayerParameters(p.SelfAttention, null!, p.FeedForward, p.Norm1, p.Norm2, p.Norm3)).ParamName);
        Assert.Equal("norm3", Assert.Throws<ArgumentNullException>(
            () => new DecoderLayerParameters(p.SelfAttention, p.CrossAttention, p.FeedForward, p.Norm1, p.Norm2, null!)).ParamName);
    }

    [Fact]
    public void Random_SameSeed_SameLayer_DifferentSeed_Different()
    {
        DecoderLayerParameters a = DecoderLayerParameters.Random(16, 32, seed: 42);
        DecoderLayerParameters b = DecoderLayerParameters.Random(16, 32, seed: 42);
        DecoderLayerParameters c = DecoderLayerParameters.Random(16, 32, seed: 43);

        Assert.Equal(a.SelfAttention.QueryWeight, b.SelfAttention.QueryWeight);
        Assert.Equal(a.CrossAttention.ValueBias, b.CrossAttention.ValueBias);
        Assert.Equal(a.FeedForward.OutputWeight, b.FeedForward.OutputWeight);
        Assert.Equal(a.Norm3.Weight, b.Norm3.Weight);
        Assert.NotEqual(a.SelfAttention.QueryWeight, c.SelfAttention.QueryWeight);
        Assert.NotEqual(a.Norm3.Weight, c.Norm3.Weight);
    }

    [Fact]
    public void Random_PartsDifferFromEachOther()
    {
        DecoderLayerParameters p = DecoderLayerParameters.Random(16, 32, seed: 7);

        Assert.Equal(16, p.DModel);
        Assert.Equal(32, p.Hidden);
        Assert.NotEqual(p.SelfAttention.QueryWeight, p.CrossAttention.QueryWeight);
        Assert.NotEqual(p.SelfAttention.OutputBias, p.CrossAttention.OutputBias);
        Assert.NotEqual(p.Norm1.Weight, p.Norm2.Weight);
        Assert.NotEqual(p.Norm2.Weight, p.Norm3.Weight);
        Assert.NotEqual(p.Norm1.Bias, p.Norm3.Bias);
    }

    [Fact]
    public void PyTorch_MapsEveryTensorToItsPart_UnderAPrefix()
    {
        DecoderLayerParameters p = DecoderLayerWeightNames.Load(PyTorch("decoder.layers.1."), "decoder.layers.1.", D, H);

        Assert.Equal(Tagged(1, 3 * D * D)[..(D * D)], p.SelfAttention.QueryWeight);
        Assert.Equal(Tagged(4, D), p.SelfAttention.OutputBias);
        Assert.Equal(Tagged(51, 3 * D * D)[(2 * D * D)..], p.CrossAttention.ValueWeight);
        Assert.Equal(Tagged(52, 3 * D)[D..(2 * D)], p.CrossAttention.KeyBias);
        Assert.Equal(Tagged(53, D * D), p.CrossAttention.OutputWeight);
        Assert.Equal(Tagged(5, H * D), p.FeedForward.InputWeight);
        Assert.Equal(Tagged(8, D), p.FeedForward.OutputBias);
        Assert.Equal(Tagged(9, D), p.Norm1.Weight);
        Assert.Equal(Tagged(10, D), p.Norm1.Bias);
        Assert.Equal(Tagged(11, D), p.Norm2.Weight);
        Assert.Equal(Tagged(12, D), p.Norm2.Bias);
        Assert.Equal(Tagged(13, D), p.Norm3.Weight);
        Assert.Equal(Tagged(14, D), p.Norm3.Bias);
    }

    [Fact]
    public void EncoderLayerGivenToTheDecoderLoader_ListsTheCrossAttentionAndThirdNormAsMissing()
    {
        using var file = SafeTensorsFile.Open(TestFiles.Golden("encoder_post_gelu.safetensors"));

        var e = Assert.Throws<InvalidDataException>(() => DecoderLayerWeightNames.Load(CaseWeights.Of(file), "", 64, 256));

        Assert.Contains("PyTorch nn.TransformerDecoderLayer", e.Message);
        Assert.Contains("missing 'multihead_attn.in_proj_weight' (expected [192, 64])", e.Message);
        Assert.Contains("missing 'multihead_attn.in_proj_bias' (expected [192])", e.Message);
        Assert.Contains("missing 'multihead_attn.out_proj.weight' (expected [64, 64])", e.Message);
        Assert.Contains("missing 'multihead_attn.out_proj.bias' (expected [64])", e.Message);
        Assert.Contains("missing 'norm3.weight' (expected [64])", e.Message);
        Assert.Contains("missing 'norm3.bias' (expected [64])", e.Message);
        Assert.Equal(6, ProblemCount(e.Message));
    }

    [Fact]
    public void ListsEveryProblemAcrossBothAttentionsFeedForwardAndNormsInOneMessage()
    {
        const string p = "decoder.layers.0.";
        var weights = new WeightDictionary();
        Add(weights, p + "self_attn.q_proj_weight", 1, D, D);
        Add(weights, p + "self_attn.k_proj_weight", 1, D, D);
        // self_attn.v_proj_weight missing
        Add(weights, p + "self_attn.in_proj_bias", 2, 3 * D);
        Add(weights, p + "self_attn.out_proj.weight", 3, D, D);
        Add(weights, p + "self_attn.out_proj.bias", 4, D);
        Add(weights, p + "multihead_attn.in_proj_weight", 51, 2 * D, D);
        Add(weights, p + "multihead_attn.in_proj_bias", 52, 3 * D);
        Add(weights, p + "multihead_attn.out_proj.weight", 53, D, D);
        Add(weights, p + "multihead_attn.out_proj.bias", 54, D);
        Add(weights, p + "multihead_attn.bias_k", 55, 1, 1, D);
        Add(weights, p + "linear1.weight", 5, H, D);
        Add(weights, p + "linear1.bias", 6, H);
        Add(weights, p + "linear2.weight", 7, D, H);
        Add(weights, p + "linear2.bias", 8, H);
        Add(weights, p + "norm1.weight", 9, D);
        Add(weights, p + "norm1.bias", 10, D);
        Add(weights, p + "norm3.gamma", 13, D);
        Add(weights, p + "norm3.beta", 14, 2 * D);

        var e = Assert.Throws<InvalidDataException>(() => DecoderLayerWeightNames.Load(weights, p, D, H));

        Assert.Contains($"prefix '{p}'", e.Message);
        Assert.Contains($"missing '{p}self_attn.v_proj_weight' (expected [4, 4])", e.Message);
        Assert.Contains($"'{p}multihead_attn.in_proj_weight' has shape [8, 4], expected [12, 4]", e.Message);
        Assert.Contains($"unexpected '{p}multihead_attn.bias_k': add_bias_kv=True is not supported", e.Message);
        Assert.Contains($"'{p}linear2.bias' has shape [8], expected [4]", e.Message);
        Assert.Contains($"missing '{p}norm2.weight' (expected [4])", e.Message);
        Assert.Contains($"missing '{p}norm2.bias' (expected [4])", e.Message);
        Assert.Contains($"'{p}norm3.beta' has shape [8], expected [4]", e.Message);
        Assert.Equal(7, ProblemCount(e.Message));
    }

    [Fact]
    public void NoKnownLayout_NamesWhatItLookedForAndSuggestsTheBertPrefix()
    {
        var weights = new WeightDictionary();
        Add(weights, "bert.decoder.layers.0.self_attn.in_proj_weight", 1, 3 * D, D);

        var e = Assert.Throws<InvalidDataException>(() => DecoderLayerWeightNames.Load(weights, "decoder.layers.0.", D, H));

        Assert.Contains("No decoder layer weights under prefix 'decoder.layers.0.'", e.Message);
        Assert.Contains("'multihead_attn.in_proj_weight'", e.Message);
        Assert.Contains("'norm3.weight'", e.Message);
        Assert.Contains("present with that prefix: none", e.Message);
        Assert.Contains("'bert.decoder.layers.0.'", e.Message);
    }

    [Fact]
    public void NullArgumentsAndNonPositiveSizes_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => DecoderLayerWeightNames.Load(null!, "", D, H));
        Assert.Throws<ArgumentNullException>(() => DecoderLayerWeightNames.Load(new WeightDictionary(), null!, D, H));
        Assert.Throws<ArgumentOutOfRangeException>(() => DecoderLayerWeightNames.Load(new WeightDictionary(), "", 0, H));
        Assert.Throws<ArgumentOutOfRangeException>(() => DecoderLayerWeightNames.Load(new WeightDictionary(), "", D, 0));
    }

    [Fact]
    public void GoldenDecoder_LandsInTheRightParts()
    {
        using var file = SafeTensorsFile.Open(TestFiles.Golden("decoder_post_relu.safetensors"));

        DecoderLayerParameters p = DecoderLayerWeightNames.Load(CaseWeights.Of(file), "", 32, 64);

        Assert.Equal(32, p.DModel);
        Assert.Equal(64, p.Hidden);
        Assert.Equal(file.ReadFloat32("self_attn.in_proj_weight")[..(32 * 32)], p.SelfAttention.QueryWeight);
        Assert.Equal(file.ReadFloat32("multihead_attn.in_proj_weight")[(32 * 32)..(2 * 32 * 32)], p.CrossAttention.KeyWeight);
        Assert.Equal(file.ReadFloat32("multihead_attn.out_proj.bias"), p.CrossAttention.OutputBias);
        Assert.Equal(file.ReadFloat32("linear1.weight"), p.FeedForward.InputWeight);
        Assert.Equal(file.ReadFloat32("norm1.bias"), p.Norm1.Bias);
        Assert.Equal(file.ReadFloat32("norm2.weight"), p.Norm2.Weight);
        Assert.Equal(file.ReadFloat32("norm3.weight"), p.Norm3.Weight);
    }
}
