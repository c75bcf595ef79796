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
        Groups.Check(group, (c, generated) => Check(c, new Runner(generated, c.RunnerName)));

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

    private static string Declaration(CausalDecoderLayerConfiguration c)
    {
        string layer = c.ClassName;
        return new StringBuilder()
            .AppendLine(c.Attribute)
            .AppendLine($"public partial class {layer};")
            .AppendLine()
            .AppendLine($"public static class {c.RunnerName}")
            .AppendLine("{")
            .AppendLine($"    public static CausalDecoderLayerParameters Parameters(int seed) => {c.RandomParameters};")
            .AppendLine($"    public static object Layer(CausalDecoderLayerParameters p) => new {layer}({layer}.Weights.From(p));")
            .AppendLine($"    public static object NewCache() => new {layer}.Cache();")
            .AppendLine($"    public static int Length(object cache) => (({layer}.Cache)cache).Length;")
            .AppendLine($"    public static void Forward(object layer, float[] x, object cache, float[] y) => (({layer})layer).Forward(x, ({layer}.Cache)cache, y);")
            .AppendLine($"    public static void Step(object layer, float[] x, object[] caches, float[] y) =>")
            .AppendLine($"        (({layer})layer).Step(x, System.Array.ConvertAll(caches, cache => ({layer}.Cache)cache), y);")
            .AppendLine("}")
            .ToString();
    }

    private static void Check(CausalDecoderLayerConfiguration c, Runner run)
    {
        CausalDecoderLayerParameters p = run.Parameters(c.Seed);
        object layer = run.Layer(p);
        int d = c.DModel;
        float[] x = c.RandomTokens(c.SeqLen, d), other = c.RandomTokens(c.MaxSeqLen + c.SeqLen, d)[^(c.OtherSeqLen * d)..];

        // One pass over the whole sequence, against the oracle.
        object cache = run.NewCache();
        float[] y = Forward(run, layer, x, cache);
        Assert.Equal(c.SeqLen, run.Length(cache));
        OutputChecks.RequireFinite(y, "y", [c.SeqLen, d]);
        double[] expected = ScalarCausalDecoderLayer.Forward(p, c.SeqLen, c.Eps, c.Activation, c.RotaryTheta, ScalarLayers.Widen(x));
        OutputChecks.AssertClose(expected, y, "y", [c.SeqLen, d]);

        // The prefill, then one position at a time, alternately by Forward and by Step: the same floats.
        object decoding = run.NewCache();
        var decoded = new float[y.Length];
        Forward(run, layer, x[..(c.Prefill * d)], decoding).CopyTo(decoded, 0);
        for (int position = c.Prefill; position < c.SeqLen; position++)
        {
            float[] row = x[(position * d)..((position + 1) * d)];
            float[] result = position % 2 == 0 ? Forward(run, layer, row, decoding) : Step(run, layer, row, [decoding]);
            result.CopyTo(decoded, position * d);
        }

        OutputChecks.RequireBitIdentical(y, decoded, "y", [c.SeqLen, d], ("in one pass", $"after a prefill of {c.Prefill}, one position at a time"));

        CheckContinuousBatching(c, run, layer, x, y, other);
        CheckErrors(c, run, layer, cache);
    }

    /// <summary>
    /// Two sequences prefilled to different lengths, then stepped together while both have positions left and the
    /// longer alone after: each row equals that sequence decoded alone.
    /// </summary>
    private static void CheckContinuousBatching(CausalDecoderLayerConfiguration c, Runner run, object layer, float[] x, float[] y, float[] other)
    {
        int d = c.DModel;
        float[] otherAlone = Forward(run, layer, other, run.NewCache());
        (float[] X, float[] Y, int Length, int Start, object Cache, float[] Result)[] sequences =
        [
            (x, y, c.SeqLen, c.Prefill, run.NewCache(), new float[y.Length]),
            (other, otherAlone, c.OtherSeqLen, (c.OtherSeqLen + 1) / 2, run.NewCache(), new float[otherAlone.Length]),
        ];
        foreach (var s in sequences)
        {
            Forward(run, layer, s.X[..(s.Start * d)], s.Cache).CopyTo(s.Result, 0);
        }

        while (true)
        {
            var active = sequences.Where(s => run.Length(s.Cache) < s.Length).ToArray();
            if (active.Length == 0)
            {
                break;
            }

            float[] rows = active.SelectMany(s => s.X.AsSpan(run.Length(s.Cache) * d, d).ToArray()).ToArray();
            int[] positions = active.Select(s => run.Length(s.Cache)).ToArray();
            float[] results = Step(run, layer, rows, active.Select(s => s.Cache).ToArray());
            for (int i = 0; i < active.Length; i++)
            {
                results.AsSpan(i * d, d).CopyTo(active[i].Result.AsSpan(positions[i] * d));
            }
        }

        foreach (var s in sequences)
        {
            OutputChecks.RequireBitIdentical(s.Y, s.Result, "y", [s.Length, d], ("alone in one pass", "stepped beside another sequence"));
        }
    }

    /// <summary>A full cache refuses more positions and is left as it was; a cache of one layer instance is refused by another.</summary>
    private static void CheckErrors(CausalDecoderLayerConfiguration c, Runner run, object layer, object cache)
    {
        int d = c.DModel, free = c.MaxSeqLen - run.Length(cache);
        float[] tooMany = new float[(free + 1) * d];
        var full = Assert.Throws<InvalidOperationException>(() => run.Forward(layer, tooMany, cache, new float[tooMany.Length]));
        Assert.Contains($"{c.MaxSeqLen} positions", full.Message, StringComparison.Ordinal);
        Assert.Equal(c.SeqLen, run.Length(cache));

        object anotherLayer = run.Layer(run.Parameters(c.Seed));
        var shared = Assert.Throws<InvalidOperationException>(() => run.Forward(anotherLayer, new float[d], cache, new float[d]));
        Assert.Contains("another instance", shared.Message, StringComparison.Ordinal);
        Assert.Equal(c.SeqLen, run.Length(cache));

        object same = run.NewCache();
        var twice = Assert.Throws<ArgumentException>(() => run.Step(layer, new float[2 * d], [same, same], new float[2 * d]));
        Assert.Contains("appears twice", twice.Message, StringComparison.Ordinal);
        Assert.Equal(0, run.Length(same));
    }

    private static float[] Forward(Runner run, object layer, float[] x, object cache)
    {
        var y = new float[x.Length];
        run.Forward(layer, x, cache, y);
        return y;
    }

    private static float[] Step(Runner run, object layer, float[] x, object[] caches)
    {
        var y = new float[x.Length];
        run.Step(layer, x, caches, y);
        return y;
    }

    /// <summary>The generated wrapper's methods, which hand the layer arrays and its caches as objects.</summary>
    private sealed class Runner(GeneratedGroup generated, string name)
    {
        public Func<int, CausalDecoderLayerParameters> Parameters { get; } = generated.Method<Func<int, CausalDecoderLayerParameters>>(name, "Parameters");

        public Func<CausalDecoderLayerParameters, object> Layer { get; } = generated.Method<Func<CausalDecoderLayerParameters, object>>(name, "Layer");

        public Func<object> NewCache { get; } = generated.Method<Func<object>>(name, "NewCache");

        public Func<object, int> Length { get; } = generated.Method<Func<object, int>>(name, "Length");

        public Action<object, float[], object, float[]> Forward { get; } = generated.Method<Action<object, float[], object, float[]>>(name, "Forward");

        public Action<object, float[], object[], float[]> Step { get; } = generated.Method<Action<object, float[], object[], float[]>>(name, "Step");
    }
}
