using static AttnGen.Runtime.Tests.TaggedTensors;

namespace AttnGen.Runtime.Tests;

/// <summary>Finding a decoder-only layer under HuggingFace's GPT-2 and Llama names, and writing it back under them.</summary>
public sealed class CausalDecoderLayerWeightNamesTests
{
    private const int D = 8, Heads = 4, Hidden = 12;
    private const string Gpt2Prefix = "transformer.h.3.", LlamaPrefix = "model.layers.1.";

    private static CausalDecoderLayerParameters Gpt2Layer(int seed = 1) =>
        CausalDecoderLayerParameters.Random(D, Heads, Heads, Hidden, NormKind.LayerNorm, FfnKind.Mlp, bias: true, qkvBias: false, seed);

    private static CausalDecoderLayerParameters LlamaLayer(int kvHeads, bool bias = false, bool qkvBias = false) =>
        CausalDecoderLayerParameters.Random(D, Heads, kvHeads, Hidden, NormKind.RmsNorm, FfnKind.SwiGlu, bias, qkvBias, seed: 2);

    /// <summary>Writes <paramref name="p"/> under <paramref name="layout"/>'s names and loads it back from the file's bytes.</summary>
    private static CausalDecoderLayerParameters RoundTrip(CausalDecoderLayerParameters p, string prefix, CausalDecoderLayerLayout layout)
    {
        using var file = SafeTensorsFile.FromBytes(SafeTensorsWriter.ToBytes(CausalDecoderLayerWeightNames.Tensors(p, prefix, layout)));
        return CausalDecoderLayerWeightNames.Load(file, prefix, p.DModel, p.Heads, p.KvHeads, p.Hidden, p.Norm, p.Ffn, p.HasBias,
            p.HasQkvBias && !p.HasBias);
    }

    private static void AssertSame(CausalDecoderLayerParameters expected, CausalDecoderLayerParameters actual)
    {
        Assert.Equal((expected.Norm, expected.Ffn, expected.KvHeads), (actual.Norm, actual.Ffn, actual.KvHeads));
        float[]?[] Arrays(CausalDecoderLayerParameters p) =>
            [p.Norm1.Weight, p.Norm1.Bias, p.Norm2.Weight, p.Norm2.Bias, p.QWeight, p.KWeight, p.VWeight, p.OWeight,
             p.QBias, p.KBias, p.VBias, p.OBias, p.GateWeight, p.GateBias, p.UpWeight, p.UpBias, p.DownWeight, p.DownBias];
        Assert.Equal(Arrays(expected), Arrays(actual));
    }

    /// <summary>A GPT-2 block as HuggingFace stores it, every tensor tagged: Conv1D weights <c>[in, out]</c>, q, k, v packed.</summary>
    private static WeightDictionary Gpt2Names(string prefix)
    {
        var weights = new WeightDictionary();
        Add(weights, prefix + "ln_1.weight", 1, D);
        Add(weights, prefix + "ln_1.bias", 2, D);
        Add(weights, prefix + "attn.c_attn.weight", 3, D, 3 * D);
        Add(weights, prefix + "attn.c_attn.bias", 4, 3 * D);
        Add(weights, prefix + "attn.c_proj.weight", 5, D, D);
        Add(weights, prefix + "attn.c_proj.bias", 6, D);
        Add(weights, prefix + "ln_2.weight", 7, D);
        Add(weights, prefix + "ln_2.bias", 8, D);
        Add(weights, prefix + "mlp.c_fc.weight", 9, D, Hidden);
        Add(weights, prefix + "mlp.c_fc.bias", 10, Hidden);
        Add(weights, prefix + "mlp.c_proj.weight", 11, Hidden, D);
        Add(weights, prefix + "mlp.c_proj.bias", 12, D);
        return weights;
    }

    private static CausalDecoderLayerParameters LoadGpt2(IWeightSource source, string prefix = Gpt2Prefix, int kvHeads = Heads,
        NormKind norm = NormKind.LayerNorm, FfnKind ffn = FfnKind.Mlp, bool bias = true) =>
        CausalDecoderLayerWeightNames.Load(source, prefix, D, Heads, kvHeads, Hidden, norm, ffn, bias, qkvBias: false);

    private static CausalDecoderLayerParameters LoadLlama(IWeightSource source, int kvHeads, bool qkvBias = false,
        NormKind norm = NormKind.RmsNorm, FfnKind ffn = FfnKind.SwiGlu) =>
        CausalDecoderLayerWeightNames.Load(source, LlamaPrefix, D, Heads, kvHeads, Hidden, norm, ffn, bias: false, qkvBias);

    [Fact]
    public void Gpt2_TransposesConv1DWeightsAndSplitsTheirPackedQkv()
    {
        CausalDecoderLayerParameters p = LoadGpt2(Gpt2Names(Gpt2Prefix));

        // Conv1D element [in i, out o] is nn.Linear's [o, i]; the packed output runs q, then k, then v.
        float[] cAttn = Tagged(3, D * 3 * D), fc = Tagged(9, D * Hidden), proj = Tagged(11, Hidden * D);
        for (int o = 0; o < D; o++)
        {
            for (int i = 0; i < D; i++)
            {
                Assert.Equal(cAttn[i * 3 * D + o], p.QWeight[o * D + i]);
                Assert.Equal(cAttn[i * 3 * D + D + o], p.KWeight[o * D + i]);
                Assert.Equal(cAttn[i * 3 * D + 2 * D + o], p.VWeight[o * D + i]);
                Assert.Equal(Tagged(5, D * D)[i * D + o], p.OWeight[o * D + i]);
            }
        }

        Assert.Equal(fc[2 * Hidden + 7], p.UpWeight[7 * D + 2]);
        Assert.Equal(proj[7 * D + 2], p.DownWeight[2 * Hidden + 7]);
        Assert.Equal(Tagged(4, 3 * D)[D..(2 * D)], p.KBias);
        Assert.Equal(Tagged(6, D), p.OBias);
        Assert.Equal(Tagged(2, D), p.Norm1.Bias);
        Assert.Equal(Tagged(7, D), p.Norm2.Weight);
        Assert.Equal(Tagged(10, Hidden), p.UpBias);
        Assert.Equal(Tagged(12, D), p.DownBias);
        Assert.Equal((NormKind.LayerNorm, FfnKind.Mlp, true), (p.Norm, p.Ffn, p.HasBias));
    }

    [Fact]
    public void Gpt2_IgnoresTheCausalMaskBuffersOfOlderFiles_WhichAloneHoldNoLayer()
    {
        WeightDictionary weights = Gpt2Names(Gpt2Prefix);
        weights.Add(Gpt2Prefix + "attn.bias", [1, 1, 4, 4], new float[16]);
        weights.Add(Gpt2Prefix + "attn.masked_bias", [], [-1e4f]);
        var buffersOnly = new WeightDictionary();
        buffersOnly.Add(Gpt2Prefix + "attn.bias", [1, 1, 4, 4], new float[16]);
        buffersOnly.Add(Gpt2Prefix + "attn.masked_bias", [], [-1e4f]);

        AssertSame(LoadGpt2(Gpt2Names(Gpt2Prefix)), LoadGpt2(weights));
        var e = Assert.Throws<InvalidDataException>(() => LoadGpt2(buffersOnly));
        Assert.Contains($"No decoder-only layer weights under prefix '{Gpt2Prefix}'", e.Message);
    }

    [Fact]
    public void Gpt2_RoundTripsThroughTheWriter()
    {
        CausalDecoderLayerParameters p = Gpt2Layer();

        AssertSame(p, RoundTrip(p, Gpt2Prefix, CausalDecoderLayerLayout.Gpt2));
    }

    [Theory]
    [InlineData(Heads, false, false)]
    [InlineData(Heads / 2, false, false)]
    [InlineData(1, false, false)]
    [InlineData(Heads / 2, false, true)]
    [InlineData(Heads / 2, true, false)]
    public void Llama_RoundTripsThroughTheWriter(int kvHeads, bool bias, bool qkvBias)
    {
        CausalDecoderLayerParameters p = LlamaLayer(kvHeads, bias, qkvBias);

        AssertSame(p, RoundTrip(p, LlamaPrefix, CausalDecoderLayerLayout.Llama));
    }

    [Fact]
    public void Llama_WritesHuggingFaceNamesAndShapes()
    {
        CausalDecoderLayerParameters p = LlamaLayer(kvHeads: 1, qkvBias: true);

        Dictionary<string, int[]> shapes = CausalDecoderLayerWeightNames.Tensors(p, LlamaPrefix, CausalDecoderLayerLayout.Llama)
            .ToDictionary(t => t.Name[LlamaPrefix.Length..], t => t.Shape);

        int kv = D / Heads;
        Assert.Equal(new Dictionary<string, int[]>
        {
            ["input_layernorm.weight"] = [D], ["post_attention_layernorm.weight"] = [D],
            ["self_attn.q_proj.weight"] = [D, D], ["self_attn.k_proj.weight"] = [kv, D], ["self_attn.v_proj.weight"] = [kv, D],
            ["self_attn.o_proj.weight"] = [D, D], ["self_attn.q_proj.bias"] = [D], ["self_attn.k_proj.bias"] = [kv],
            ["self_attn.v_proj.bias"] = [kv], ["mlp.gate_proj.weight"] = [Hidden, D], ["mlp.up_proj.weight"] = [Hidden, D],
            ["mlp.down_proj.weight"] = [D, Hidden],
        }, shapes);
    }

    [Fact]
    public void Llama_ListsEveryMissingAndMisShapedTensorWithFullNames()
    {
        CausalDecoderLayerParameters p = LlamaLayer(kvHeads: 2);
        var weights = new WeightDictionary();
        foreach (SafeTensor t in CausalDecoderLayerWeightNames.Tensors(p, LlamaPrefix, CausalDecoderLayerLayout.Llama))
        {
            // k_proj left out; v_proj stored with as many rows as q_proj, as if the checkpoint had no grouped-query attention.
            if (!t.Name.EndsWith("k_proj.weight", StringComparison.Ordinal))
            {
                int[] shape = t.Name.EndsWith("v_proj.weight", StringComparison.Ordinal) ? [D, D] : t.Shape;
                weights.Add(t.Name, shape, new float[shape.Aggregate(1, (a, b) => a * b)]);
            }
        }

        var e = Assert.Throws<InvalidDataException>(() => LoadLlama(weights, kvHeads: 2));

        Assert.Contains("HuggingFace LlamaDecoderLayer", e.Message);
        Assert.Contains($"missing '{LlamaPrefix}self_attn.k_proj.weight' (expected [4, {D}])", e.Message);
        Assert.Contains($"'{LlamaPrefix}self_attn.v_proj.weight' has shape [{D}, {D}], expected [4, {D}]", e.Message);
        Assert.Equal(2, ProblemCount(e.Message));
    }

    [Fact]
    public void Gpt2_ListsEveryProblemIncludingATransposedWeightAndAnUndeclaredBias()
    {
        var weights = new WeightDictionary();
        foreach (string name in Gpt2Names(Gpt2Prefix).Names.Where(n => !n.EndsWith("ln_2.bias", StringComparison.Ordinal)))
        {
            // c_attn.weight stored as nn.Linear would, [3·D, D]: the mistake a hand conversion makes.
            int[] shape = name.EndsWith("c_attn.weight", StringComparison.Ordinal) ? [3 * D, D] : Gpt2Names(Gpt2Prefix).TryGetShape(name, out int[]? s) ? s : [];
            weights.Add(name, shape, new float[shape.Aggregate(1, (a, b) => a * b)]);
        }

        var e = Assert.Throws<InvalidDataException>(() => LoadGpt2(weights, bias: false));

        Assert.Contains($"Cannot load HuggingFace GPT2Block weights with prefix '{Gpt2Prefix}'", e.Message);
        Assert.Contains($"'{Gpt2Prefix}attn.c_attn.weight' has shape [{3 * D}, {D}], expected [{D}, {3 * D}]", e.Message);
        Assert.Contains($"missing '{Gpt2Prefix}ln_2.bias' (expected [{D}])", e.Message);
        Assert.Contains($"unexpected '{Gpt2Prefix}attn.c_attn.bias'", e.Message);
        Assert.Contains($"unexpected '{Gpt2Prefix}mlp.c_proj.bias'", e.Message);
        Assert.Equal(6, ProblemCount(e.Message));
    }

    [Fact]
    public void Qwen2Biases_UnderADeclarationWithout_AreReportedNotDropped()
    {
        CausalDecoderLayerParameters p = LlamaLayer(kvHeads: 2, qkvBias: true);
        using var file = SafeTensorsFile.FromBytes(SafeTensorsWriter.ToBytes(CausalDecoderLayerWeightNames.Tensors(p, LlamaPrefix, CausalDecoderLayerLayout.Llama)));

        var e = Assert.Throws<InvalidDataException>(() => LoadLlama(file, kvHeads: 2));

        Assert.Contains($"unexpected '{LlamaPrefix}self_attn.q_proj.bias'", e.Message);
        Assert.Equal(3, ProblemCount(e.Message));
    }

    [Fact]
    public void Gpt2Names_UnderALlamaDeclaration_NameEveryContradiction()
    {
        var e = Assert.Throws<InvalidDataException>(() =>
            LoadGpt2(Gpt2Names(Gpt2Prefix), kvHeads: 1, norm: NormKind.RmsNorm, ffn: FfnKind.SwiGlu));

        Assert.Contains($"under prefix '{Gpt2Prefix}' are in the HuggingFace GPT2Block layout", e.Message);
        Assert.Contains("it holds LayerNorms, but Norm = RmsNorm", e.Message);
        Assert.Contains("its feed-forward block is Mlp, but Ffn = SwiGlu", e.Message);
        Assert.Contains("KvHeads = 1 with Heads = 4", e.Message);
    }

    [Fact]
    public void LlamaNames_UnderAGpt2Declaration_NameEveryContradiction()
    {
        CausalDecoderLayerParameters p = LlamaLayer(kvHeads: Heads);
        using var file = SafeTensorsFile.FromBytes(SafeTensorsWriter.ToBytes(CausalDecoderLayerWeightNames.Tensors(p, LlamaPrefix, CausalDecoderLayerLayout.Llama)));

        var e = Assert.Throws<InvalidDataException>(() => LoadLlama(file, Heads, norm: NormKind.LayerNorm, ffn: FfnKind.Mlp));

        Assert.Contains("HuggingFace LlamaDecoderLayer layout", e.Message);
        Assert.Contains("it holds RmsNorms, but Norm = LayerNorm", e.Message);
        Assert.Contains("its feed-forward block is SwiGlu, but Ffn = Mlp", e.Message);
    }

    [Fact]
    public void NoKnownLayout_NamesBothLayoutsAndWhatIsThere()
    {
        var e = Assert.Throws<InvalidDataException>(() => LoadGpt2(Gpt2Names("h.0."), prefix: "h.1."));

        Assert.Contains("No decoder-only layer weights under prefix 'h.1.'", e.Message);
        Assert.Contains("(HuggingFace GPT2Block)", e.Message);
        Assert.Contains("'input_layernorm.weight'", e.Message);
        Assert.Contains("(HuggingFace LlamaDecoderLayer)", e.Message);
        Assert.Contains("present with that prefix: none", e.Message);
    }

    [Fact]
    public void Writer_RefusesALayoutThatCannotHoldTheLayer()
    {
        var gqa = Assert.Throws<ArgumentException>(() =>
            CausalDecoderLayerWeightNames.Tensors(LlamaLayer(kvHeads: 2), "", CausalDecoderLayerLayout.Gpt2));
        var mlp = Assert.Throws<ArgumentException>(() =>
            CausalDecoderLayerWeightNames.Tensors(Gpt2Layer(), "", CausalDecoderLayerLayout.Llama));

        Assert.Contains("KvHeads = 2 with Heads = 4", gqa.Message);
        Assert.Contains("its feed-forward block is SwiGlu, but Ffn = Mlp", mlp.Message);
    }

    [Fact]
    public void Write_WritesAFileThatLoads()
    {
        CausalDecoderLayerParameters p = Gpt2Layer(seed: 5);
        using TempFile path = TestFiles.Temp();

        CausalDecoderLayerWeightNames.Write(path.Path, p, Gpt2Prefix, CausalDecoderLayerLayout.Gpt2);

        using var file = SafeTensorsFile.Open(path.Path);
        AssertSame(p, LoadGpt2(file));
    }

    [Fact]
    public void BadArguments_ThrowBeforeReading()
    {
        var empty = new WeightDictionary();

        Assert.Throws<ArgumentNullException>(() => LoadGpt2(null!));
        Assert.Throws<ArgumentNullException>(() => LoadGpt2(empty, prefix: null!));
        Assert.Equal("kvHeads", Assert.Throws<ArgumentException>(() => LoadGpt2(empty, kvHeads: 3)).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => LoadGpt2(empty, kvHeads: 0));
    }
}
