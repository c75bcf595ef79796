using System.Text;
using AttnGen.Testing;

namespace AttnGen.Generator.Tests.CompileAndRun;

/// <summary>
/// Generates every <see cref="DecoderLayerConfigurations"/> shape, runs it on random inputs against
/// <see cref="ScalarTransformerLayers.Decoder"/>, and checks that a batch item's result does not depend on the batch;
/// then decodes with a cache: two sequences, each with its own memory, in one pass against the same reference, as a
/// prefill then single positions (bit for bit the one pass), and stepped together (bit for bit each alone).
/// </summary>
public sealed class DecoderLayerCompileAndRunTests
{
    /// <summary>
    /// Three threads, so that shares are uneven and some are empty (one row, one head): the layer on this team must
    /// give the calling thread's result bit for bit. The tests of one class run one after another, so one team serves all.
    /// </summary>
    private static readonly WorkerTeam Team = new(3);

    private static readonly ConfigurationGroups<DecoderLayerConfiguration> Groups =
        new("DecoderLayer", DecoderLayerConfigurations.All, groupSize: 14, Declaration);

    public static TheoryData<int> GroupNumbers => Groups.Numbers;

    [Theory]
    [MemberData(nameof(GroupNumbers))]
    public void Generated_decoder_layer_matches_the_scalar_reference(int group) =>
        Groups.Check(group, (c, generated) =>
        {
            Check(c, generated.Method<Func<DecoderLayerParameters, WorkerTeam?, Action<float[], float[], float[]>>>(c.RunnerName, "Create"));
            CheckDecoding(c, new CachedRunner<DecoderLayerParameters>(generated, c.RunnerName));
            GuardedLayerChecks.Decoder(c, generated, Team);
        });

    [Fact]
    public void Configurations_cover_the_required_space()
    {
        IReadOnlyList<DecoderLayerConfiguration> all = DecoderLayerConfigurations.All;
        Assert.True(all.Count >= 50, $"{all.Count} configurations");
        Assert.Equal(all.Count, all.Select(c => c.Id).Distinct().Count());
        foreach (ActivationKind activation in Enum.GetValues<ActivationKind>())
        {
            foreach (bool normFirst in new[] { false, true })
            {
                int count = all.Count(c => c.Activation == activation && c.NormFirst == normFirst);
                Assert.True(count >= 5, $"{activation}, norm first {normFirst}: only {count} configurations");
            }
        }

        Assert.Equal(Enumerable.Range(1, 8), all.Select(c => c.Heads).Distinct().Order());
        Assert.Equal(Enumerable.Range(0, 4), all.Select(c => c.Batch).Distinct().Order());
        Assert.Equal([1e-12, 1e-5], all.Select(c => c.Eps).Distinct().Order());
        Assert.All(all, c => Assert.InRange(c.DModel, 1, 100));
        Assert.All(all, c => Assert.InRange(c.Hidden, 1, 200));
        Assert.All(all, c => Assert.InRange(c.SeqLen, 1, 40));
        Assert.All(all, c => Assert.InRange(c.MemorySeqLen, 1, 40));
        Assert.Contains(all, c => c.DModel == 1 && c.SeqLen == 1 && c.MemorySeqLen == 1 && c.Hidden == 1);
        Assert.Contains(all, c => c.DModel == 100);
        Assert.Contains(all, c => c.Hidden == 200);
        Assert.Contains(all, c => c.SeqLen == 1 && c.MemorySeqLen == 40);
        Assert.Contains(all, c => c.SeqLen == 40 && c.MemorySeqLen == 1);
        Assert.True(all.Count(c => c.MemorySeqLen > c.SeqLen) >= 10 && all.Count(c => c.MemorySeqLen < c.SeqLen) >= 10, "longer and shorter memories");
        Assert.True(all.Count(c => c.HeadDim % 8 != 0) >= 25, "head sizes that are not multiples of 8");
    }

    private static string Declaration(DecoderLayerConfiguration c) =>
        new StringBuilder()
            .AppendLine(c.Attribute)
            .AppendLine($"public partial class {c.ClassName};")
            .AppendLine()
            .Append(CachedRunner<DecoderLayerParameters>.Wrapper(c.ClassName, c.RunnerName, withMemory: true))
            .AppendLine("    public static System.Action<float[], float[], float[]> Create(DecoderLayerParameters p, WorkerTeam? team)")
            .AppendLine("    {")
            .AppendLine($"        var layer = new {c.ClassName}({c.ClassName}.Weights.From(p), team);")
            .AppendLine("        return (x, memory, y) => layer.Forward(x, memory, y);")
            .AppendLine("    }")
            .AppendLine(GuardedLayerChecks.DecoderWrapper(c))
            .AppendLine("}")
            .ToString();

    private static void Check(DecoderLayerConfiguration c, Func<DecoderLayerParameters, WorkerTeam?, Action<float[], float[], float[]>> create)
    {
        DecoderLayerParameters p = DecoderLayerParameters.Random(c.DModel, c.Hidden, c.Seed);
        Action<float[], float[], float[]> forward = create(p, null);
        TestInputs inputs = TestInputs.Create(c.CrossAttention);
        var y = new float[inputs.X.Length];
        forward(inputs.X, inputs.Memory, y);

        int[] shape = [c.Batch, c.SeqLen, c.DModel];
        OutputChecks.RequireFinite(y, "y", shape);
        double[] expected = ScalarTransformerLayers.Decoder(p, c.Heads, c.SeqLen, c.MemorySeqLen, c.Eps, c.Activation, c.NormFirst,
            ScalarLayers.Widen(inputs.X), ScalarLayers.Widen(inputs.Memory));
        OutputChecks.AssertClose(expected, y, "y", shape);

        var onTeam = new float[y.Length];
        create(p, Team)(inputs.X, inputs.Memory, onTeam);
        OutputChecks.RequireBitIdentical(y, onTeam, "y", shape, ("on the calling thread", "on a team of 3"));

        int itemLength = c.SeqLen * c.DModel, memoryLength = c.MemorySeqLen * c.DModel;
        for (int b = 0; b < c.Batch; b++)
        {
            var alone = new float[itemLength];
            forward(inputs.X.AsSpan(b * itemLength, itemLength).ToArray(), inputs.Memory.AsSpan(b * memoryLength, memoryLength).ToArray(), alone);
            OutputChecks.RequireBitIdentical(y.AsSpan(b * itemLength, itemLength).ToArray(), alone, $"y (item {b})", [c.SeqLen, c.DModel],
                ($"in a batch of {c.Batch}", "alone"));
        }
    }

    /// <summary>
    /// Two sequences with memories of their own, decoded with caches: in one pass each, against the scalar reference;
    /// as a prefill then single positions; stepped together from different prefills; and the cache's errors.
    /// </summary>
    private static void CheckDecoding(DecoderLayerConfiguration c, CachedRunner<DecoderLayerParameters> run)
    {
        DecoderLayerParameters p = DecoderLayerParameters.Random(c.DModel, c.Hidden, c.Seed);
        object layer = run.Layer(p);
        TestInputs inputs = TestInputs.Create(c.CrossAttention with { Batch = 2 });
        int d = c.DModel, length = c.SeqLen * d, memoryLength = c.MemorySeqLen * d;
        float[][] x = [inputs.X[..length], inputs.X[length..]];
        float[][] memory = [inputs.Memory[..memoryLength], inputs.Memory[memoryLength..]];
        object Begun(int sequence)
        {
            object cache = run.Calls.NewCache();
            run.Begin(layer, memory[sequence], cache);
            return cache;
        }

        double[] expected = ScalarTransformerLayers.Decoder(p, c.Heads, c.SeqLen, c.MemorySeqLen, c.Eps, c.Activation, c.NormFirst,
            ScalarLayers.Widen(inputs.X), ScalarLayers.Widen(inputs.Memory));
        object full = Begun(0);
        float[][] y = [run.Calls.Forward(layer, x[0], full), run.Calls.Forward(layer, x[1], Begun(1))];
        Assert.Equal(c.SeqLen, run.Length(full));
        OutputChecks.AssertClose(expected, [.. y[0], .. y[1]], "y decoded in one pass", [2, c.SeqLen, d]);

        // A prefill that differs between configurations, from none to the whole sequence.
        int prefill = c.Id % (c.SeqLen + 1);
        OutputChecks.RequireBitIdentical(y[0], run.Decode(layer, x[0], Begun(0), prefill, d), "y", [c.SeqLen, d],
            ("in one pass", $"after a prefill of {prefill}, one position at a time"));
        run.CheckSteppedTogether(layer, d, [(x[0], y[0], prefill, Begun(0)), (x[1], y[1], (c.SeqLen + 1) / 2, Begun(1))]);

        // Errors leave the cache as it was: full, shared with another instance, not begun.
        var tooMany = Assert.Throws<InvalidOperationException>(() => run.Calls.Forward(layer, new float[d], full));
        Assert.Contains($"{c.SeqLen} positions (SeqLen)", tooMany.Message, StringComparison.Ordinal);
        object another = run.Layer(p);
        var shared = Assert.Throws<InvalidOperationException>(() => run.Calls.Step(another, new float[d], [full]));
        Assert.Contains("another instance", shared.Message, StringComparison.Ordinal);
        Assert.Equal(c.SeqLen, run.Length(full));
        var notBegun = Assert.Throws<InvalidOperationException>(() => run.Calls.Forward(layer, new float[d], run.Calls.NewCache()));
        Assert.Contains("Begin(memory, cache)", notBegun.Message, StringComparison.Ordinal);
    }
}
