namespace AttnGen.Runtime.Tests;

/// <summary><see cref="CausalDecoderLayerParameters"/>' and <see cref="NormParameters"/>' checks and seeded values.</summary>
public sealed class CausalDecoderLayerParametersTests
{
    private const int D = 8, Heads = 4, KvHeads = 2, Hidden = 12, KvWidth = KvHeads * D / Heads;

    private static CausalDecoderLayerParameters Llama(bool bias = false, bool qkvBias = false, int seed = 1) =>
        CausalDecoderLayerParameters.Random(D, Heads, KvHeads, Hidden, NormKind.RmsNorm, FfnKind.SwiGlu, bias, qkvBias, seed);

    /// <summary>A copy of <paramref name="p"/> with the named array replaced, to test each check on its own.</summary>
    private static CausalDecoderLayerParameters With(CausalDecoderLayerParameters p, string name, float[]? value, NormParameters? norm2 = null) =>
        new(p.DModel, p.Heads, p.KvHeads, p.Hidden, p.Norm1, norm2 ?? p.Norm2,
            name == "qWeight" ? value! : p.QWeight, name == "kWeight" ? value! : p.KWeight, name == "vWeight" ? value! : p.VWeight,
            p.OWeight, name == "qBias" ? value : p.QBias, name == "kBias" ? value : p.KBias, p.VBias, name == "oBias" ? value : p.OBias,
            name == "gateWeight" ? value : p.GateWeight, name == "gateBias" ? value : p.GateBias, p.UpWeight,
            name == "upBias" ? value : p.UpBias, p.DownWeight, p.DownBias);

    [Fact]
    public void Random_HasTheDeclaredShapesAndParts()
    {
        CausalDecoderLayerParameters llama = Llama();
        CausalDecoderLayerParameters gpt2 = CausalDecoderLayerParameters.Random(D, Heads, Heads, Hidden, NormKind.LayerNorm, FfnKind.Mlp,
            bias: true, qkvBias: false, seed: 1);

        Assert.Equal((D, Heads, KvHeads, Hidden, D / Heads), (llama.DModel, llama.Heads, llama.KvHeads, llama.Hidden, llama.HeadDim));
        Assert.Equal((NormKind.RmsNorm, FfnKind.SwiGlu, false, false), (llama.Norm, llama.Ffn, llama.HasBias, llama.HasQkvBias));
        Assert.Equal(KvWidth * D, llama.KWeight.Length);
        Assert.Equal(KvWidth * D, llama.VWeight.Length);
        Assert.Equal(Hidden * D, llama.GateWeight!.Length);
        Assert.Null(llama.Norm1.Bias);
        Assert.Null(llama.QBias);
        Assert.Null(llama.DownBias);
        Assert.Equal((NormKind.LayerNorm, FfnKind.Mlp, true, true), (gpt2.Norm, gpt2.Ffn, gpt2.HasBias, gpt2.HasQkvBias));
        Assert.Null(gpt2.GateWeight);
        Assert.Equal(D, gpt2.Norm2.Bias!.Length);
        Assert.Equal(Hidden, gpt2.UpBias!.Length);
    }

    [Fact]
    public void Random_QkvBiasAlone_GivesOnlyTheQueryKeyAndValueBiases_AndBiasGivesTheGateOne()
    {
        CausalDecoderLayerParameters qwen = Llama(qkvBias: true);
        CausalDecoderLayerParameters full = Llama(bias: true);

        Assert.Equal((true, false), (qwen.HasQkvBias, qwen.HasBias));
        Assert.Equal(KvWidth, qwen.KBias!.Length);
        Assert.Null(qwen.OBias);
        Assert.Null(qwen.GateBias);
        Assert.Equal((true, true), (full.HasQkvBias, full.HasBias));
        Assert.Equal(Hidden, full.GateBias!.Length);
    }

    [Fact]
    public void Random_SameSeed_SameLayer_DifferentSeed_Different()
    {
        CausalDecoderLayerParameters a = Llama(bias: true, seed: 42), b = Llama(bias: true, seed: 42), c = Llama(bias: true, seed: 43);

        Assert.Equal(a.QWeight, b.QWeight);
        Assert.Equal(a.DownBias, b.DownBias);
        Assert.Equal(a.Norm2.Weight, b.Norm2.Weight);
        Assert.NotEqual(a.QWeight, c.QWeight);
        Assert.NotEqual(a.Norm2.Weight, c.Norm2.Weight);
        Assert.NotEqual(a.Norm1.Weight, a.Norm2.Weight);
        Assert.NotEqual(a.GateWeight, a.UpWeight);
    }

    [Theory]
    [InlineData("qWeight", D * D)]
    [InlineData("kWeight", KvWidth * D)]
    [InlineData("vWeight", KvWidth * D)]
    [InlineData("gateWeight", Hidden * D)]
    public void Constructor_RejectsAWrongLength_GivingActualAndExpected(string name, int expected)
    {
        var e = Assert.Throws<ArgumentException>(() => With(Llama(), name, new float[D * D + 1]));

        Assert.Equal(name, e.ParamName);
        Assert.Contains($"{name} has {D * D + 1} elements; expected {expected}", e.Message);
    }

    [Theory]
    [InlineData("kBias")]
    [InlineData("qBias")]
    public void Constructor_RejectsSomeOfTheQueryKeyAndValueBiases(string name)
    {
        // Either the key bias left out of a set, or the query bias given alone.
        CausalDecoderLayerParameters p = name == "qBias" ? Llama() : Llama(qkvBias: true);

        var e = Assert.Throws<ArgumentException>(() => With(p, name, name == "qBias" ? new float[D] : null));

        Assert.Equal("kBias", e.ParamName);
        Assert.Contains("Give all or none of the query, key and value biases: qBias is given but kBias is null", e.Message);
    }

    [Theory]
    [InlineData("upBias")]
    [InlineData("gateBias")]
    public void Constructor_RejectsSomeOfTheOtherBiases(string name)
    {
        var e = Assert.Throws<ArgumentException>(() => With(Llama(bias: true), name, null));

        Assert.Equal(name, e.ParamName);
        Assert.Contains("every linear layer has one", e.Message);
    }

    [Fact]
    public void Constructor_RejectsOtherBiasesWithoutTheQueryKeyAndValueOnes()
    {
        CausalDecoderLayerParameters p = Llama(bias: true);

        var e = Assert.Throws<ArgumentException>(() => new CausalDecoderLayerParameters(D, Heads, KvHeads, Hidden, p.Norm1, p.Norm2,
            p.QWeight, p.KWeight, p.VWeight, p.OWeight, null, null, null, p.OBias, p.GateWeight, p.GateBias, p.UpWeight, p.UpBias,
            p.DownWeight, p.DownBias));

        Assert.Equal("qBias", e.ParamName);
    }

    [Fact]
    public void Constructor_RejectsAGateBiasWithoutAGate()
    {
        CausalDecoderLayerParameters p = CausalDecoderLayerParameters.Random(D, Heads, Heads, Hidden, NormKind.LayerNorm, FfnKind.Mlp,
            bias: false, qkvBias: false, seed: 1);

        Assert.Equal("gateBias", Assert.Throws<ArgumentException>(() => With(p, "gateBias", new float[Hidden])).ParamName);
    }

    [Fact]
    public void Constructor_RejectsNormsOfDifferentKindsOrWidths()
    {
        CausalDecoderLayerParameters p = Llama();

        var kind = Assert.Throws<ArgumentException>(() => With(p, "", null, NormParameters.Random(NormKind.LayerNorm, D, seed: 1)));
        var width = Assert.Throws<ArgumentException>(() => With(p, "", null, NormParameters.Random(NormKind.RmsNorm, 2 * D, seed: 1)));

        Assert.Contains("norm2 is LayerNorm but norm1 is RmsNorm", kind.Message);
        Assert.Contains($"DModel {2 * D}; expected {D}", width.Message);
    }

    [Theory]
    [InlineData(10, 4, 2, "dModel")]
    [InlineData(8, 4, 3, "kvHeads")]
    [InlineData(8, 4, 8, "kvHeads")]
    public void Random_RejectsHeadsThatDoNotDivide(int dModel, int heads, int kvHeads, string param)
    {
        var e = Assert.Throws<ArgumentException>(() =>
            CausalDecoderLayerParameters.Random(dModel, heads, kvHeads, Hidden, NormKind.RmsNorm, FfnKind.SwiGlu, false, false, seed: 1));

        Assert.Equal(param, e.ParamName);
    }

    [Fact]
    public void Norm_BiasFollowsTheKind()
    {
        Assert.Contains("needs a bias", Assert.Throws<ArgumentException>(() => new NormParameters(NormKind.LayerNorm, D, new float[D], null)).Message);
        Assert.Contains("no bias", Assert.Throws<ArgumentException>(() => new NormParameters(NormKind.RmsNorm, D, new float[D], new float[D])).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new NormParameters((NormKind)7, D, new float[D], null));
        Assert.Equal("weight", Assert.Throws<ArgumentException>(() => new NormParameters(NormKind.RmsNorm, D, new float[D + 1], null)).ParamName);
    }
}
