using AttnGen.Testing;

namespace AttnGen.Golden.Tests;

/// <summary>
/// Every multi_head_attention case from PyTorch: weights loaded through the generated <c>Weights.Load</c>
/// from the file itself, outputs and per-head attention weights both checked.
/// </summary>
public sealed class GoldenAttentionTests
{
    private delegate void Run(SafeTensorsFile file, Span<float> y, Span<float> attentionWeights);

    private static readonly Dictionary<string, Run> Runners = new()
    {
        ["mha_self"] = (f, y, w) => new MhaSelf(MhaSelf.Weights.Load(CaseWeights.Of(f))).Forward(f.ReadFloat32("input.x"), y, w),
        ["mha_causal"] = (f, y, w) => new MhaCausal(MhaCausal.Weights.Load(CaseWeights.Of(f))).Forward(f.ReadFloat32("input.x"), y, w),
        ["mha_cross"] = (f, y, w) => new MhaCross(MhaCross.Weights.Load(CaseWeights.Of(f)))
            .Forward(f.ReadFloat32("input.x"), f.ReadFloat32("input.memory"), y, w),
        ["mha_explicit_additive"] = (f, y, w) => new MhaExplicitAdditive(MhaExplicitAdditive.Weights.Load(CaseWeights.Of(f)))
            .Forward(f.ReadFloat32("input.x"), GoldenCases.ReadMask(f), y, w),
        ["mha_key_padding"] = (f, y, w) => new MhaKeyPadding(MhaKeyPadding.Weights.Load(CaseWeights.Of(f)))
            .Forward(f.ReadFloat32("input.x"), f.ReadInt32("input.key_lengths"), y, w),
        ["mha_no_bias"] = (f, y, w) => new MhaNoBias(MhaNoBias.Weights.Load(CaseWeights.Of(f))).Forward(f.ReadFloat32("input.x"), y, w),
    };

    public static TheoryData<string> Cases => new(GoldenCases.OfKind("multi_head_attention"));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Output_and_attention_weights_match_pytorch(string name)
    {
        Assert.True(Runners.TryGetValue(name, out Run? run), $"Golden case '{name}' has no declaration in GoldenAttention.cs.");
        using SafeTensorsFile file = GoldenCases.Open(name);
        float[] expectedY = file.ReadFloat32("expected.y");
        float[] expectedWeights = file.ReadFloat32("expected.attn_weights");
        var y = new float[expectedY.Length];
        var weights = new float[expectedWeights.Length];

        run(file, y, weights);

        Tolerance.AssertClose(expectedY, y, name + " y");
        Tolerance.AssertClose(expectedWeights, weights, name + " attention weights");
    }

    [Fact]
    public void Every_declared_case_exists_in_the_golden_index() =>
        Assert.Equal(Runners.Keys.Order(), GoldenCases.OfKind("multi_head_attention").Order());
}
