using System.Text;
using AttnGen.Testing;

namespace AttnGen.Generator.Tests.CompileAndRun;

/// <summary>
/// Generates every <see cref="EncoderLayerConfigurations"/> shape, runs it on random inputs against
/// <see cref="ScalarTransformerLayers.Encoder"/>, and checks that a batch item's result does not depend on the batch.
/// </summary>
public sealed class EncoderLayerCompileAndRunTests
{
    /// <summary>
    /// Three threads, so that shares are uneven and some are empty (one row, one head): the layer on this team must
    /// give the calling thread's result bit for bit. The tests of one class run one after another, so one team serves all.
    /// </summary>
    private static readonly WorkerTeam Team = new(3);

    private static readonly ConfigurationGroups<EncoderLayerConfiguration> Groups =
        new("EncoderLayer", EncoderLayerConfigurations.All, groupSize: 14, Declaration);

    public static TheoryData<int> GroupNumbers => Groups.Numbers;

    [Theory]
    [MemberData(nameof(GroupNumbers))]
    public void Generated_encoder_layer_matches_the_scalar_reference(int group) =>
        Groups.Check(group, (c, generated) =>
        {
            var create = generated.Method<Func<EncoderLayerParameters, WorkerTeam?, Action<float[], int[], float[], float[]>>>(c.RunnerName, "Create");
            Check(c, create);
            CheckPacked(c, create, generated.Method<Func<EncoderLayerParameters, WorkerTeam?, Action<float[], int[], float[], float[]>>>(c.RunnerName, "CreatePacked"));
            GuardedLayerChecks.Encoder(c, generated, Team);
        });

    [Fact]
    public void Configurations_cover_the_required_space()
    {
        IReadOnlyList<EncoderLayerConfiguration> all = EncoderLayerConfigurations.All;
        Assert.True(all.Count >= 50, $"{all.Count} configurations");
        Assert.Equal(all.Count, all.Select(c => c.Id).Distinct().Count());
        for (int mask = 0; mask < 8; mask++)
        {
            foreach (bool normFirst in new[] { false, true })
            {
                int count = all.Count(c => (int)c.Mask == mask && c.NormFirst == normFirst);
                Assert.True(count >= 3, $"mask {(MaskFlags)mask}, norm first {normFirst}: only {count} configurations");
            }
        }

        Assert.Equal(Enumerable.Range(1, 8), all.Select(c => c.Heads).Distinct().Order());
        Assert.Equal(Enumerable.Range(0, 4), all.Select(c => c.Batch).Distinct().Order());
        Assert.Equal(Enum.GetValues<ActivationKind>(), all.Select(c => c.Activation).Distinct().Order());
        Assert.Equal([1e-12, 1e-5], all.Select(c => c.Eps).Distinct().Order());
        Assert.All(all, c => Assert.InRange(c.DModel, 1, 100));
        Assert.All(all, c => Assert.InRange(c.Hidden, 1, 200));
        Assert.All(all, c => Assert.InRange(c.SeqLen, 1, 40));
        Assert.Contains(all, c => c.DModel == 1 && c.SeqLen == 1 && c.Hidden == 1);
        Assert.Contains(all, c => c.DModel == 100);
        Assert.Contains(all, c => c.Hidden == 200);
        Assert.Contains(all, c => c.SeqLen == 40);
        Assert.True(all.Count(c => c.HeadDim % 8 != 0) >= 25, "head sizes that are not multiples of 8");

        // The inputs reach the edges too: no key at all, every key, and fully −∞ rows of the explicit mask.
        List<(EncoderLayerConfiguration Configuration, TestInputs Inputs)> inputs =
            all.Where(c => c.Batch > 0).Select(c => (c, TestInputs.Create(c.SelfAttention))).ToList();
        Assert.True(inputs.Count(i => i.Inputs.KeyLengths.Contains(0)) >= 3, "key length 0");
        Assert.True(inputs.Count(i => i.Inputs.KeyLengths.Contains(i.Configuration.SeqLen)) >= 3, "key length SeqLen");
        Assert.True(inputs.Count(i => i.Inputs.HasFullyMaskedRow) >= 3, "fully −∞ explicit mask rows");
    }

    private static string Declaration(EncoderLayerConfiguration c)
    {
        var arguments = new List<string> { "x" };
        if (c.KeyPadding)
        {
            arguments.Add("keyLengths");
        }

        if (c.Explicit)
        {
            arguments.Add("mask");
        }

        arguments.Add("y");
        return new StringBuilder()
            .AppendLine(c.Attribute)
            .AppendLine($"public partial class {c.ClassName};")
            .AppendLine()
            .AppendLine($"public static class {c.RunnerName}")
            .AppendLine("{")
            .AppendLine("    public static System.Action<float[], int[], float[], float[]> Create(EncoderLayerParameters p, WorkerTeam? team)")
            .AppendLine("    {")
            .AppendLine($"        var layer = new {c.ClassName}({c.ClassName}.Weights.From(p), team);")
            .AppendLine($"        return (x, keyLengths, mask, y) => layer.Forward({string.Join(", ", arguments)});")
            .AppendLine("    }")
            .AppendLine("    public static System.Action<float[], int[], float[], float[]> CreatePacked(EncoderLayerParameters p, WorkerTeam? team)")
            .AppendLine("    {")
            .AppendLine($"        var layer = new {c.ClassName}({c.ClassName}.Weights.From(p), team);")
            .AppendLine($"        return (tokens, lengths, mask, y) => layer.ForwardPacked(tokens, lengths, {(c.Explicit ? "mask, " : "")}y);")
            .AppendLine("    }")
            .AppendLine(GuardedLayerChecks.EncoderWrapper(c))
            .AppendLine("}")
            .ToString();
    }

    /// <summary>
    /// Packed sequences: each as the reference computes it alone at its length, bit for bit alone, beside others and on
    /// a team; with key padding declared, as the padded <c>Forward</c> computes its valid rows.
    /// </summary>
    /// <param name="createPacked">Builds the layer, then runs <c>ForwardPacked</c> on <c>(tokens, lengths, mask, y)</c>.</param>
    private static void CheckPacked(EncoderLayerConfiguration c, Func<EncoderLayerParameters, WorkerTeam?, Action<float[], int[], float[], float[]>> create,
        Func<EncoderLayerParameters, WorkerTeam?, Action<float[], int[], float[], float[]>> createPacked)
    {
        EncoderLayerParameters p = EncoderLayerParameters.Random(c.DModel, c.Hidden, c.Seed);
        float[] mask = TestInputs.Create(c.SelfAttention).Mask;
        int[] lengths = PackedChecks.Lengths(c.Seed, c.SeqLen);
        float[] tokens = PackedChecks.Tokens(c.Seed, lengths.Sum(), c.DModel);
        Action<float[], int[], float[], float[]> forwardPacked = createPacked(p, null);
        float[] y = PackedChecks.Check(tokens, c.DModel, c.DModel, lengths, (t, l, output) => forwardPacked(t, l, mask, output),
            (own, length) => ScalarTransformerLayers.Encoder(p, c.Heads, length, c.Mask, c.Eps, c.Activation, c.NormFirst,
                ScalarLayers.Widen(own), c.KeyPadding ? [length] : [], PackedChecks.Corner(mask, c.SeqLen, length)));

        var onTeam = new float[y.Length];
        createPacked(p, Team)(tokens, lengths, mask, onTeam);
        OutputChecks.RequireBitIdentical(y, onTeam, "y (packed)", [lengths.Sum(), c.DModel], ("on the calling thread", "on a team of 3"));
        PackedChecks.RequireRefusals((t, l, output) => forwardPacked(t, l, mask, output), c.SeqLen, c.DModel);
        if (c.KeyPadding)
        {
            RequirePaddedForwardAgrees(c, create(p, null), tokens, lengths, mask, y);
        }
    }

    /// <summary>The packed sequences padded to SeqLen and run with key padding: the valid rows agree within the tolerance.</summary>
    private static void RequirePaddedForwardAgrees(EncoderLayerConfiguration c, Action<float[], int[], float[], float[]> forward,
        float[] tokens, int[] lengths, float[] mask, float[] packed)
    {
        int item = c.SeqLen * c.DModel;
        int[] starts = PackedChecks.Starts(lengths);
        var padded = new float[lengths.Length * item];
        for (int s = 0; s < lengths.Length; s++)
        {
            tokens.AsSpan(starts[s] * c.DModel, lengths[s] * c.DModel).CopyTo(padded.AsSpan(s * item));
        }

        var y = new float[padded.Length];
        forward(padded, lengths, mask, y);
        for (int s = 0; s < lengths.Length; s++)
        {
            OutputChecks.AssertClose(ScalarLayers.Widen(y.AsSpan(s * item, lengths[s] * c.DModel).ToArray()),
                packed.AsSpan(starts[s] * c.DModel, lengths[s] * c.DModel).ToArray(), $"sequence {s} packed vs padded", [lengths[s], c.DModel]);
        }
    }

    /// <param name="create">Builds the layer, then runs it on <c>(x, keyLengths, mask, y)</c>, passing on only the masks it declares.</param>
    private static void Check(EncoderLayerConfiguration c, Func<EncoderLayerParameters, WorkerTeam?, Action<float[], int[], float[], float[]>> create)
    {
        EncoderLayerParameters p = EncoderLayerParameters.Random(c.DModel, c.Hidden, c.Seed);
        Action<float[], int[], float[], float[]> forward = create(p, null);
        TestInputs inputs = TestInputs.Create(c.SelfAttention);
        var y = new float[inputs.X.Length];
        forward(inputs.X, inputs.KeyLengths, inputs.Mask, y);

        double[] expected = ScalarTransformerLayers.Encoder(p, c.Heads, c.SeqLen, c.Mask, c.Eps, c.Activation, c.NormFirst,
            ScalarLayers.Widen(inputs.X), inputs.KeyLengths, inputs.Mask);
        int[] shape = [c.Batch, c.SeqLen, c.DModel];
        OutputChecks.RequireFinite(y, "y", shape);
        OutputChecks.AssertClose(expected, y, "y", shape);

        var onTeam = new float[y.Length];
        create(p, Team)(inputs.X, inputs.KeyLengths, inputs.Mask, onTeam);
        OutputChecks.RequireBitIdentical(y, onTeam, "y", shape, ("on the calling thread", "on a team of 3"));

        int itemLength = c.SeqLen * c.DModel;
        for (int b = 0; b < c.Batch; b++)
        {
            var alone = new float[itemLength];
            int[] keyLength = c.KeyPadding ? [inputs.KeyLengths[b]] : [];
            forward(inputs.X.AsSpan(b * itemLength, itemLength).ToArray(), keyLength, inputs.Mask, alone);
            OutputChecks.RequireBitIdentical(y.AsSpan(b * itemLength, itemLength).ToArray(), alone, $"y (item {b})", [c.SeqLen, c.DModel],
                ($"in a batch of {c.Batch}", "alone"));
        }
    }
}
