using AttnGen.Testing;

namespace AttnGen.Runtime.Tests;

/// <summary>Finding one attention block's parameters under PyTorch and HuggingFace names.</summary>
public sealed class AttentionWeightNamesTests
{
    private const int D = 4;

    /// <summary><paramref name="count"/> recognisable values: <c>tag·1000 + i</c>, exact in float32.</summary>
    private static float[] Tagged(int tag, int count) => [.. Enumerable.Range(0, count).Select(i => tag * 1000f + i)];

    /// <summary>Adds a tensor whose values are <see cref="Tagged"/> with <paramref name="tag"/>, and returns them.</summary>
    private static float[] Add(WeightDictionary weights, string name, int tag, params int[] shape)
    {
        float[] values = Tagged(tag, shape.Aggregate(1, (a, b) => a * b));
        weights.Add(name, shape, values);
        return values;
    }

    private static WeightDictionary PyTorchPacked(string prefix, bool bias, int tagBase = 0)
    {
        var weights = new WeightDictionary();
        Add(weights, prefix + "in_proj_weight", tagBase + 1, 3 * D, D);
        Add(weights, prefix + "out_proj.weight", tagBase + 2, D, D);
        if (bias)
        {
            Add(weights, prefix + "in_proj_bias", tagBase + 3, 3 * D);
            Add(weights, prefix + "out_proj.bias", tagBase + 4, D);
        }

        return weights;
    }

    private static WeightDictionary HuggingFace(string prefix, bool bias)
    {
        var weights = new WeightDictionary();
        string[] linears = ["attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense"];
        for (int i = 0; i < linears.Length; i++)
        {
            Add(weights, prefix + linears[i] + ".weight", 10 + i, D, D);
            if (bias)
            {
                Add(weights, prefix + linears[i] + ".bias", 20 + i, D);
            }
        }

        return weights;
    }

    [Fact]
    public void PyTorchPacked_SplitsInProjIntoQueryKeyValueInOrder()
    {
        float[] packed = Tagged(1, 3 * D * D), packedBias = Tagged(3, 3 * D);
        AttentionParameters p = AttentionWeightNames.Load(PyTorchPacked("", bias: true), "", D, bias: true);

        Assert.Equal(D, p.DModel);
        Assert.True(p.HasBias);
        Assert.Equal(packed[..(D * D)], p.QueryWeight);
        Assert.Equal(packed[(D * D)..(2 * D * D)], p.KeyWeight);
        Assert.Equal(packed[(2 * D * D)..], p.ValueWeight);
        Assert.Equal(Tagged(2, D * D), p.OutputWeight);
        Assert.Equal(packedBias[..D], p.QueryBias);
        Assert.Equal(packedBias[D..(2 * D)], p.KeyBias);
        Assert.Equal(packedBias[(2 * D)..], p.ValueBias);
        Assert.Equal(Tagged(4, D), p.OutputBias);
        // Spot checks against the raw tags, independent of the slicing above.
        Assert.Equal(1000f, p.QueryWeight[0]);
        Assert.Equal(1000f + D * D, p.KeyWeight[0]);
        Assert.Equal(1000f + 2 * D * D, p.ValueWeight[0]);
        Assert.Equal(3000f + 2 * D + 3, p.ValueBias![3]);
    }

    [Fact]
    public void PyTorchSeparate_ReadsEachProjectionAndSplitsThePackedBias()
    {
        var weights = new WeightDictionary();
        float[] q = Add(weights, "q_proj_weight", 5, D, D);
        float[] k = Add(weights, "k_proj_weight", 6, D, D);
        float[] v = Add(weights, "v_proj_weight", 7, D, D);
        float[] o = Add(weights, "out_proj.weight", 8, D, D);
        float[] inBias = Add(weights, "in_proj_bias", 9, 3 * D);
        float[] ob = Add(weights, "out_proj.bias", 4, D);

        AttentionParameters p = AttentionWeightNames.Load(weights, "", D, bias: true);

        Assert.Equal(q, p.QueryWeight);
        Assert.Equal(k, p.KeyWeight);
        Assert.Equal(v, p.ValueWeight);
        Assert.Equal(o, p.OutputWeight);
        Assert.Equal(inBias[..D], p.QueryBias);
        Assert.Equal(inBias[D..(2 * D)], p.KeyBias);
        Assert.Equal(inBias[(2 * D)..], p.ValueBias);
        Assert.Equal(ob, p.OutputBias);
    }

    [Fact]
    public void HuggingFaceBert_MapsQueryKeyValueAndOutputDense()
    {
        AttentionParameters p = AttentionWeightNames.Load(HuggingFace("", bias: true), "", D, bias: true);

        Assert.Equal(Tagged(10, D * D), p.QueryWeight);
        Assert.Equal(Tagged(11, D * D), p.KeyWeight);
        Assert.Equal(Tagged(12, D * D), p.ValueWeight);
        Assert.Equal(Tagged(13, D * D), p.OutputWeight);
        Assert.Equal(Tagged(20, D), p.QueryBias);
        Assert.Equal(Tagged(21, D), p.KeyBias);
        Assert.Equal(Tagged(22, D), p.ValueBias);
        Assert.Equal(Tagged(23, D), p.OutputBias);
    }

    [Fact]
    public void Prefix_SelectsOneBertLayerAmongSeveral()
    {
        var weights = new WeightDictionary();
        foreach (int layer in new[] { 1, 3, 13 })
        {
            string prefix = $"encoder.layer.{layer}.";
            Add(weights, prefix + "attention.self.query.weight", 100 * layer + 1, D, D);
            Add(weights, prefix + "attention.self.query.bias", 100 * layer + 2, D);
            Add(weights, prefix + "attention.self.key.weight", 100 * layer + 3, D, D);
            Add(weights, prefix + "attention.self.key.bias", 100 * layer + 4, D);
            Add(weights, prefix + "attention.self.value.weight", 100 * layer + 5, D, D);
            Add(weights, prefix + "attention.self.value.bias", 100 * layer + 6, D);
            Add(weights, prefix + "attention.output.dense.weight", 100 * layer + 7, D, D);
            Add(weights, prefix + "attention.output.dense.bias", 100 * layer + 8, D);
        }

        AttentionParameters p = AttentionWeightNames.Load(weights, "encoder.layer.3.", D, bias: true);

        Assert.Equal(Tagged(301, D * D), p.QueryWeight);
        Assert.Equal(Tagged(302, D), p.QueryBias);
        Assert.Equal(Tagged(303, D * D), p.KeyWeight);
        Assert.Equal(Tagged(304, D), p.KeyBias);
        Assert.Equal(Tagged(305, D * D), p.ValueWeight);
        Assert.Equal(Tagged(306, D), p.ValueBias);
        Assert.Equal(Tagged(307, D * D), p.OutputWeight);
        Assert.Equal(Tagged(308, D), p.OutputBias);
    }

    [Fact]
    public void Prefix_SelectsSelfAttentionOverCrossAttentionInADecoderLayer()
    {
        var weights = new WeightDictionary();
        Add(weights, "self_attn.in_proj_weight", 1, 3 * D, D);
        Add(weights, "self_attn.out_proj.weight", 2, D, D);
        Add(weights, "self_attn.in_proj_bias", 3, 3 * D);
        Add(weights, "self_attn.out_proj.bias", 4, D);
        Add(weights, "multihead_attn.in_proj_weight", 51, 3 * D, D);
        Add(weights, "multihead_attn.out_proj.weight", 52, D, D);
        Add(weights, "multihead_attn.in_proj_bias", 53, 3 * D);
        Add(weights, "multihead_attn.out_proj.bias", 54, D);
        Add(weights, "linear1.weight", 60, 2 * D, D);

        AttentionParameters self = AttentionWeightNames.Load(weights, "self_attn.", D, bias: true);
        AttentionParameters cross = AttentionWeightNames.Load(weights, "multihead_attn.", D, bias: true);

        Assert.Equal(Tagged(1, 3 * D * D)[..(D * D)], self.QueryWeight);
        Assert.Equal(Tagged(2, D * D), self.OutputWeight);
        Assert.Equal(Tagged(4, D), self.OutputBias);
        Assert.Equal(Tagged(51, 3 * D * D)[(2 * D * D)..], cross.ValueWeight);
        Assert.Equal(Tagged(53, 3 * D)[D..(2 * D)], cross.KeyBias);
        Assert.Equal(Tagged(54, D), cross.OutputBias);
    }

    [Fact]
    public void NoBias_PyTorchAndHuggingFace_GiveNullBiases()
    {
        AttentionParameters pyTorch = AttentionWeightNames.Load(PyTorchPacked("", bias: false), "", D, bias: false);
        AttentionParameters hf = AttentionWeightNames.Load(HuggingFace("", bias: false), "", D, bias: false);

        foreach (AttentionParameters p in new[] { pyTorch, hf })
        {
            Assert.False(p.HasBias);
            Assert.Null(p.QueryBias);
            Assert.Null(p.KeyBias);
            Assert.Null(p.ValueBias);
            Assert.Null(p.OutputBias);
        }

        Assert.Equal(Tagged(1, 3 * D * D)[(D * D)..(2 * D * D)], pyTorch.KeyWeight);
        Assert.Equal(Tagged(12, D * D), hf.ValueWeight);
    }

    [Fact]
    public void PyTorch_ListsEveryMissingAndMisShapedTensorInOneMessage()
    {
        var weights = new WeightDictionary();
        Add(weights, "self_attn.in_proj_weight", 1, 3 * D, D + 1); // wrong shape
        // out_proj.weight and out_proj.bias missing; in_proj_bias present.
        Add(weights, "self_attn.in_proj_bias", 3, 3 * D);

        var e = Assert.Throws<InvalidDataException>(() => AttentionWeightNames.Load(weights, "self_attn.", D, bias: true));

        Assert.Contains("PyTorch nn.MultiheadAttention", e.Message);
        Assert.Contains("prefix 'self_attn.'", e.Message);
        Assert.Contains("'self_attn.in_proj_weight' has shape [12, 5], expected [12, 4]", e.Message);
        Assert.Contains("missing 'self_attn.out_proj.weight' (expected [4, 4])", e.Message);
        Assert.Contains("missing 'self_attn.out_proj.bias' (expected [4])", e.Message);
        Assert.DoesNotContain("in_proj_bias", e.Message);
    }

    [Fact]
    public void PyTorchSeparate_ListsTwoMissingAndOneMisShaped()
    {
        var weights = new WeightDictionary();
        Add(weights, "q_proj_weight", 5, D, D);
        Add(weights, "v_proj_weight", 7, D + 1, D); // wrong shape; k_proj_weight missing
        Add(weights, "out_proj.weight", 8, D, D);
        // in_proj_bias missing
        Add(weights, "out_proj.bias", 4, D);

        var e = Assert.Throws<InvalidDataException>(() => AttentionWeightNames.Load(weights, "", D, bias: true));

        Assert.Contains("missing 'k_proj_weight' (expected [4, 4])", e.Message);
        Assert.Contains("'v_proj_weight' has shape [5, 4], expected [4, 4]", e.Message);
        Assert.Contains("missing 'in_proj_bias' (expected [12])", e.Message);
        Assert.DoesNotContain("'q_proj_weight'", e.Message);
        Assert.DoesNotContain("out_proj", e.Message);
        Assert.Equal(3, e.Message.Split('\n').Count(line => line.TrimStart().StartsWith("- ", StringComparison.Ordinal)));
    }

    [Fact]
    public void HuggingFace_ListsEveryMissingAndMisShapedTensorInOneMessage()
    {
        var broken = new WeightDictionary();
        Add(broken, "bert.attention.self.query.weight", 10, D, D);
        Add(broken, "bert.attention.self.query.bias", 20, D);
        Add(broken, "bert.attention.self.key.weight", 11, D, 2 * D); // wrong shape
        Add(broken, "bert.attention.self.key.bias", 21, D);
        // value.weight and value.bias missing
        Add(broken, "bert.attention.output.dense.weight", 13, D, D);
        Add(broken, "bert.attention.output.dense.bias", 23, D + 2); // wrong shape

        var e = Assert.Throws<InvalidDataException>(() => AttentionWeightNames.Load(broken, "bert.", D, bias: true));

        Assert.Contains("HuggingFace BERT attention", e.Message);
        Assert.Contains("'bert.attention.self.key.weight' has shape [4, 8], expected [4, 4]", e.Message);
        Assert.Contains("missing 'bert.attention.self.value.weight' (expected [4, 4])", e.Message);
        Assert.Contains("missing 'bert.attention.self.value.bias' (expected [4])", e.Message);
        Assert.Contains("'bert.attention.output.dense.bias' has shape [6], expected [4]", e.Message);
        Assert.DoesNotContain("query", e.Message);
    }

    [Fact]
    public void HuggingFace_MissingQueryWeight_IsReportedAsMissingNotAsAnUnknownLayout()
    {
        var weights = new WeightDictionary();
        string[] present = ["attention.self.key", "attention.self.value", "attention.output.dense"];
        for (int i = 0; i < present.Length; i++)
        {
            Add(weights, present[i] + ".weight", 10 + i, D, D);
            Add(weights, present[i] + ".bias", 20 + i, D);
        }

        Add(weights, "attention.self.query.bias", 30, D);

        var error = Assert.Throws<InvalidDataException>(() => AttentionWeightNames.Load(weights, "", D, bias: true));
        Assert.Contains("missing 'attention.self.query.weight'", error.Message);
    }

    [Fact]
    public void UnexpectedBias_WhenDeclaredWithoutBias_IsAnError()
    {
        var pyTorch = Assert.Throws<InvalidDataException>(() => AttentionWeightNames.Load(PyTorchPacked("", bias: true), "", D, bias: false));
        Assert.Contains("unexpected 'in_proj_bias'", pyTorch.Message);
        Assert.Contains("unexpected 'out_proj.bias'", pyTorch.Message);
        Assert.Contains("Bias = false", pyTorch.Message);

        var hf = Assert.Throws<InvalidDataException>(() => AttentionWeightNames.Load(HuggingFace("enc.", bias: true), "enc.", D, bias: false));
        foreach (string linear in new[] { "attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense" })
        {
            Assert.Contains($"unexpected 'enc.{linear}.bias'", hf.Message);
        }

        Assert.Contains("Bias = false", hf.Message);
    }

    [Fact]
    public void BiasKV_IsUnsupported()
    {
        var weights = PyTorchPacked("", bias: true);
        Add(weights, "bias_k", 30, 1, 1, D);
        Add(weights, "bias_v", 31, 1, 1, D);

        var e = Assert.Throws<InvalidDataException>(() => AttentionWeightNames.Load(weights, "", D, bias: true));

        Assert.Contains("unexpected 'bias_k'", e.Message);
        Assert.Contains("unexpected 'bias_v'", e.Message);
        Assert.Contains("add_bias_kv=True is not supported", e.Message);
    }

    [Fact]
    public void NoKnownLayout_NamesWhatItLookedForAndWhatIsPresent()
    {
        var weights = new WeightDictionary();
        Add(weights, "encoder.layer.5.attn.c_attn.weight", 1, D, 3 * D);
        Add(weights, "encoder.layer.5.attn.c_proj.weight", 2, D, D);
        Add(weights, "decoder.other.weight", 3, D);

        var e = Assert.Throws<InvalidDataException>(() => AttentionWeightNames.Load(weights, "encoder.layer.5.", D, bias: true));

        Assert.Contains("'encoder.layer.5.'", e.Message);
        Assert.Contains("'in_proj_weight'", e.Message);
        Assert.Contains("'q_proj_weight'", e.Message);
        Assert.Contains("'attention.self.query.weight'", e.Message);
        Assert.Contains("'encoder.layer.5.attn.c_attn.weight'", e.Message);
        Assert.Contains("'encoder.layer.5.attn.c_proj.weight'", e.Message);
        Assert.DoesNotContain("decoder.other.weight", e.Message);
    }

    [Fact]
    public void NoKnownLayout_WrongPrefix_SaysNoneArePresent()
    {
        var e = Assert.Throws<InvalidDataException>(() => AttentionWeightNames.Load(PyTorchPacked("self_attn.", bias: true), "encoder.layer.0.", D, bias: true));

        Assert.Contains("'encoder.layer.0.'", e.Message);
        Assert.Contains("present with that prefix: none", e.Message);
    }

    [Fact]
    public void NullArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => AttentionWeightNames.Load(null!, "", D, bias: true));
        Assert.Throws<ArgumentNullException>(() => AttentionWeightNames.Load(new WeightDictionary(), null!, D, bias: true));
    }

    [Fact]
    public void GoldenMhaSelf_QueryWeightIsTheFirstBlockOfInProj()
    {
        using var file = SafeTensorsFile.Open(TestFiles.Golden("mha_self.safetensors"));
        int d = int.Parse(file.Metadata["d_model"], System.Globalization.CultureInfo.InvariantCulture);
        float[] inProj = file.ReadFloat32("in_proj_weight");
        float[] inBias = file.ReadFloat32("in_proj_bias");

        AttentionParameters p = AttentionWeightNames.Load(CaseWeights.Of(file), "", d, bias: true);

        Assert.Equal(64, d);
        Assert.Equal(inProj[..(d * d)], p.QueryWeight);
        Assert.Equal(inProj[(d * d)..(2 * d * d)], p.KeyWeight);
        Assert.Equal(inProj[(2 * d * d)..], p.ValueWeight);
        Assert.Equal(file.ReadFloat32("out_proj.weight"), p.OutputWeight);
        Assert.Equal(inBias[..d], p.QueryBias);
        Assert.Equal(inBias[(2 * d)..], p.ValueBias);
        Assert.Equal(file.ReadFloat32("out_proj.bias"), p.OutputBias);
    }

    [Fact]
    public void GoldenMhaSelf_DeclaredWithoutBias_ReportsBothBiases()
    {
        using var file = SafeTensorsFile.Open(TestFiles.Golden("mha_self.safetensors"));

        var e = Assert.Throws<InvalidDataException>(() => AttentionWeightNames.Load(CaseWeights.Of(file), "", 64, bias: false));

        Assert.Contains("unexpected 'in_proj_bias'", e.Message);
        Assert.Contains("unexpected 'out_proj.bias'", e.Message);
    }

    [Fact]
    public void GoldenEncoderLayer_LoadsUnderSelfAttnPrefix()
    {
        using var file = SafeTensorsFile.Open(TestFiles.Golden("encoder_post_gelu.safetensors"));

        AttentionParameters p = AttentionWeightNames.Load(file, "self_attn.", 64, bias: true);

        Assert.Equal(file.ReadFloat32("self_attn.in_proj_weight")[(64 * 64)..(2 * 64 * 64)], p.KeyWeight);
        Assert.Equal(file.ReadFloat32("self_attn.out_proj.bias"), p.OutputBias);
    }

    [Fact]
    public void GoldenBertLayer_LoadsHuggingFaceNames()
    {
        using var file = SafeTensorsFile.Open(TestFiles.Golden("bert_layer.safetensors"));

        AttentionParameters p = AttentionWeightNames.Load(CaseWeights.Of(file), "", 64, bias: true);

        Assert.Equal(file.ReadFloat32("attention.self.query.weight"), p.QueryWeight);
        Assert.Equal(file.ReadFloat32("attention.self.value.bias"), p.ValueBias);
        Assert.Equal(file.ReadFloat32("attention.output.dense.weight"), p.OutputWeight);
    }

    [Fact]
    public void GoldenMhaNoBias_LoadsWithoutBias()
    {
        using var file = SafeTensorsFile.Open(TestFiles.Golden("mha_no_bias.safetensors"));

        AttentionParameters p = AttentionWeightNames.Load(CaseWeights.Of(file), "", 64, bias: false);

        Assert.False(p.HasBias);
        Assert.Equal(file.ReadFloat32("in_proj_weight")[(2 * 64 * 64)..], p.ValueWeight);
    }

    [Fact]
    public void HuggingFaceAttentionFromALayerPrefix_OwnsOnlyItsOwnModules()
    {
        // The documented use: the attention of a BertLayer, whose LayerNorm and feed-forward sit under the same prefix.
        WeightDictionary weights = HuggingFace("encoder.layer.3.", bias: true);
        Add(weights, "encoder.layer.3.attention.output.LayerNorm.weight", 30, D);
        Add(weights, "encoder.layer.3.intermediate.dense.weight", 31, 2 * D, D);
        AttentionWeightNames.Load(weights, "encoder.layer.3.", D, bias: true);

        Add(weights, "encoder.layer.3.attention.self.distance_embedding.weight", 32, 7, D);
        var e = Assert.Throws<InvalidDataException>(() => AttentionWeightNames.Load(weights, "encoder.layer.3.", D, bias: true));
        Assert.Contains("  - unused 'encoder.layer.3.attention.self.distance_embedding.weight'", e.Message);
        Assert.Equal(1, TaggedTensors.ProblemCount(e.Message));
        AttentionWeightNames.Load(weights, "encoder.layer.3.", D, bias: true, allowUnused: true);
    }

    [Fact]
    public void PyTorchAttention_OwnsItsWholePrefix()
    {
        WeightDictionary weights = PyTorchPacked("self_attn.", bias: true);
        Add(weights, "self_attn.in_proj_weight_scale", 33, 3 * D);
        Add(weights, "self_attnx.unrelated", 34, D);

        var e = Assert.Throws<InvalidDataException>(() => AttentionWeightNames.Load(weights, "self_attn.", D, bias: true));

        Assert.Contains("  - unused 'self_attn.in_proj_weight_scale'", e.Message);
        Assert.Equal(1, TaggedTensors.ProblemCount(e.Message));
    }

    [Fact]
    public void UnusedTensorsBeyondTwenty_AreCounted()
    {
        WeightDictionary weights = PyTorchPacked("", bias: true);
        for (int i = 0; i < 25; i++)
        {
            Add(weights, $"extra.{i}", 40 + i, 1);
        }

        var e = Assert.Throws<InvalidDataException>(() => AttentionWeightNames.Load(weights, "", D, bias: true));

        Assert.Contains("unused 'extra.19'", e.Message);
        Assert.DoesNotContain("unused 'extra.20'", e.Message);
        Assert.Contains("  - and 5 more unused", e.Message);
    }
}
