using System.Text;
using AttnGen.Testing;

namespace AttnGen.Generator.Tests.CompileAndRun;

/// <summary>
/// Generates every <see cref="CausalDecoderLayerConfigurations"/> shape and decodes with it: one pass over a sequence
/// against <see cref="ScalarCausalDecoderLayer"/>; the same sequence as a prefill then single positions (by
/// <c>Forward</c> and by <c>Step</c>), bit for bit equal to the one pass; two sequences of different lengths stepped
/// together, each bit for bit equal to itself alone; and the cache's errors.
/// </summary>
public sealed class CausalDecoderLayerCompileAndRunTests
{
    private static readonly ConfigurationGroups<CausalDecoderLayerConfiguration> Groups =
        new("CausalDecoderLayer", CausalDecoderLayerConfigurations.All, groupSize: 12, Declaration);

    public static TheoryData<int> GroupNumbers => Groups.Numbers;

    [Theory]
    [MemberData(nameof(GroupNumbers))]
    public void Generated_causal_decoder_layer_decodes_as_the_scalar_reference(int group) =>
        Groups.Check(group, (c, generated) => Check(c, new CachedRunner<CausalDecoderLayerParameters>(generated, c.RunnerName),
            generated.Method<Func<int, CausalDecoderLayerParameters>>(c.RunnerName, "Parameters")));

    [Fact]
    public void Configurations_cover_the_required_space()
    {
        IReadOnlyList<CausalDecoderLayerConfiguration> all = CausalDecoderLayerConfigurations.All;
        Assert.Equal(all.Count, all.Select(c => c.Id).Distinct().Count());
        Assert.True(all.Count(c => c.Family == CausalDecoderFamily.Gpt2) >= 50, "GPT-2 configurations");
        Assert.True(all.Count(c => c.Family == CausalDecoderFamily.Llama) >= 50, "Llama configurations");
        Assert.Contains(all, c => c.HeadDim == 64);
        Assert.Contains(all, c => c.HeadDim == 80);
        Assert.Contains(all, c => c.KvHeads == 1 && c.Heads > 1);
        Assert.Contains(all, c => c.KvHeads > 1 && c.KvHeads < c.Heads);
        Assert.Contains(all, c => c.QkvBias && !c.Bias && c.SwiGlu);
        Assert.Contains(all, c => c.SeqLen > 64 && c.Prefill > 64);
        Assert.Contains(all, c => c.MaxSeqLen == 1);
        Assert.True(all.Count(c => c.DModel % 8 != 0) >= 50, "widths that are not multiples of 8");
        Assert.True(all.Count(c => c.Hidden % 8 != 0) >= 50, "hidden widths that are not multiples of 8");
        Assert.True(all.Count(c => c.SeqLen % 8 != 0) >= 50, "lengths that are not multiples of 8");
        foreach (bool rms in new[] { false, true })
        {
            foreach (bool swiGlu in new[] { false, true })
            {
                Assert.Contains(all, c => c.RmsNorm == rms && c.SwiGlu == swiGlu);
            }
        }
    }

    private static string Declaration(CausalDecoderLayerConfiguration c) =>
        new StringBuilder()
            .AppendLine(c.Attribute)
            .AppendLine($"public partial class {c.ClassName};")
            .AppendLine()
            .Append(CachedRunner<CausalDecoderLayerParameters>.Wrapper(c.ClassName, c.RunnerName, withMemory: false))
            .AppendLine($"    public static CausalDecoderLayerParameters Parameters(int seed) => {c.RandomParameters};")
            .AppendLine("}")
            .ToString();

    private static void Check(CausalDecoderLayerConfiguration c, CachedRunner<CausalDecoderLayerParameters> run, Func<int, CausalDecoderLayerParameters> parameters)
    {
        CausalDecoderLayerParameters p = parameters(c.Seed);
        object layer = run.Layer(p);
        int d = c.DModel;
        float[] x = c.RandomTokens(c.SeqLen, d), other = c.RandomTokens(c.MaxSeqLen + c.SeqLen, d)[^(c.OtherSeqLen * d)..];

        // One pass over the whole sequence, against the oracle.
        object cache = run.Calls.NewCache();
        float[] y = run.Calls.Forward(layer, x, cache);
        Assert.Equal(c.SeqLen, run.Length(cache));
        OutputChecks.RequireFinite(y, "y", [c.SeqLen, d]);
        double[] expected = ScalarCausalDecoderLayer.Forward(p, c.SeqLen, c.Eps, c.Activation, c.RotaryTheta, ScalarLayers.Widen(x));
        OutputChecks.AssertClose(expected, y, "y", [c.SeqLen, d]);

        // The prefill, then one position at a time: the same floats.
        float[] decoded = run.Decode(layer, x, run.Calls.NewCache(), c.Prefill, d);
        OutputChecks.RequireBitIdentical(y, decoded, "y", [c.SeqLen, d], ("in one pass", $"after a prefill of {c.Prefill}, one position at a time"));

        // Two sequences of different lengths stepped together, the longer alone at the end.
        run.CheckSteppedTogether(layer, d,
        [
            (x, y, c.Prefill, run.Calls.NewCache()),
            (other, run.Calls.Forward(layer, other, run.Calls.NewCache()), (c.OtherSeqLen + 1) / 2, run.Calls.NewCache()),
        ]);
        CheckErrors(c, run, parameters, layer, cache);
    }

    /// <summary>A full cache refuses more positions and is left as it was; a cache of one layer instance is refused by another.</summary>
    private static void CheckErrors(CausalDecoderLayerConfiguration c, CachedRunner<CausalDecoderLayerParameters> run,
        Func<int, CausalDecoderLayerParameters> parameters, object layer, object cache)
    {
        int d = c.DModel, free = c.MaxSeqLen - run.Length(cache);
        float[] tooMany = new float[(free + 1) * d];
        var full = Assert.Throws<InvalidOperationException>(() => run.Calls.Forward(layer, tooMany, cache));
        Assert.Contains($"{c.MaxSeqLen} positions", full.Message, StringComparison.Ordinal);
        Assert.Equal(c.SeqLen, run.Length(cache));

        object anotherLayer = run.Layer(parameters(c.Seed));
        var shared = Assert.Throws<InvalidOperationException>(() => run.Calls.Forward(anotherLayer, new float[d], cache));
        Assert.Contains("another instance", shared.Message, StringComparison.Ordinal);
        Assert.Equal(c.SeqLen, run.Length(cache));

        object same = run.Calls.NewCache();
        var twice = Assert.Throws<ArgumentException>(() => run.Calls.Step(layer, new float[2 * d], [same, same]));
        Assert.Contains("appears twice", twice.Message, StringComparison.Ordinal);
        Assert.Equal(0, run.Length(same));
    }
}
