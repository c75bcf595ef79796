using System.Globalization;
using System.Text;
using AttnGen.Testing;
using Xunit.Sdk;

namespace AttnGen.Generator.Tests.CompileAndRun;

/// <summary>
/// Generates code for every shape in <see cref="RandomConfigurations"/>, compiles and loads it as a
/// <see cref="GeneratedGroup"/> and runs it on random inputs against <see cref="ScalarAttention"/>.
/// </summary>
public sealed class CompileAndRunTests
{
    private const int GroupSize = 30;

    /// <summary>The signature of every generated <c>Run_N.Invoke</c>: arrays, because reflection cannot pass spans.</summary>
    private delegate void Runner(AttentionParameters p, float[] x, float[] memory, int[] keyLengths, float[] mask, float[] y, float[] attentionWeights);

    /// <summary>The signature of a self-attention's <c>Run_N.InvokePacked</c>.</summary>
    private delegate void PackedRunner(AttentionParameters p, float[] tokens, int[] lengths, float[] mask, float[] y);

    private static int GroupCount => (RandomConfigurations.All.Count + GroupSize - 1) / GroupSize;

    public static TheoryData<int> Groups => new(Enumerable.Range(0, GroupCount));

    [Theory]
    [MemberData(nameof(Groups))]
    public void Generated_attention_matches_the_scalar_reference(int group)
    {
        List<AttentionConfiguration> configurations = RandomConfigurations.All.Skip(group * GroupSize).Take(GroupSize).ToList();
        using GeneratedGroup generated = GeneratedGroup.Compile(
            "CompileAndRun.Group" + group, configurations.Select(Declaration).ToList(), configurations.Select(c => c.ToString()));
        OutputChecks.CheckEach(configurations, group.ToString(CultureInfo.InvariantCulture),
            c =>
            {
                Check(c, generated.Method<Runner>(c.RunnerName, "Invoke"));
                if (!c.Cross)
                {
                    CheckPacked(c, generated.Method<PackedRunner>(c.RunnerName, "InvokePacked"));
                }

                GuardedBlockChecks.Attention(c, generated);
            });
    }

    [Fact]
    public void Configurations_cover_the_required_space()
    {
        IReadOnlyList<AttentionConfiguration> all = RandomConfigurations.All;
        Assert.True(all.Count >= 200, $"{all.Count} configurations");
        Assert.Equal(all.Count, all.Select(c => c.Id).Distinct().Count());
        Assert.All(all, c => Assert.Equal(c.DModel, c.Heads * c.HeadDim));
        Assert.All(all, c => Assert.True(c.Cross || c.KvSeqLen == c.SeqLen, c.ToString()));

        for (int mask = 0; mask < 8; mask++)
        {
            foreach (bool cross in new[] { false, true })
            {
                int count = all.Count(c => (int)c.Mask == mask && c.Cross == cross);
                Assert.True(count >= 5, $"mask {(MaskFlags)mask}, cross {cross}: only {count} configurations");
            }
        }

        Assert.Equal(Enumerable.Range(1, 12), all.Select(c => c.Heads).Distinct().Order());
        Assert.Equal(Enumerable.Range(1, 4), all.Select(c => c.Batch).Distinct().Order());
        Assert.True(all.Count(c => c.HeadDim % 8 == 0) >= 30, "exact multiples of 8");
        Assert.True(all.Count(c => c.HeadDim % 8 != 0) >= 100, "head sizes that are not multiples of 8");
        Assert.Contains(all, c => c.HeadDim == 1);
        Assert.Contains(all, c => c.HeadDim == 96);
        Assert.Contains(all, c => c.SeqLen == 1);
        Assert.Contains(all, c => c.SeqLen == 80);
        Assert.Contains(all, c => c.Cross && c.KvSeqLen == 1);
        Assert.Contains(all, c => c.Cross && c.KvSeqLen == 80);
        Assert.Contains(all, c => c.Cross && c.KvSeqLen > c.SeqLen);
        Assert.Contains(all, c => c.Cross && c.KvSeqLen < c.SeqLen);
        Assert.True(all.Count(c => c.Bias) >= 50 && all.Count(c => !c.Bias) >= 50, "bias and no bias");
        Assert.All(all, c => Assert.InRange(c.HeadDim, 1, 96));
        Assert.All(all, c => Assert.InRange(c.SeqLen, 1, 80));
        Assert.All(all, c => Assert.InRange(c.KvSeqLen, 1, 80));

        // The inputs reach the edges too: no key at all, every key, and fully −∞ rows of the explicit mask.
        List<(AttentionConfiguration Configuration, TestInputs Inputs)> inputs =
            all.Select(c => (c, TestInputs.Create(c))).ToList();
        Assert.True(inputs.Count(i => i.Inputs.KeyLengths.Contains(0)) >= 10, "key length 0");
        Assert.True(inputs.Count(i => i.Inputs.KeyLengths.Contains(i.Configuration.KvSeqLen)) >= 10, "key length KvSeqLen");
        Assert.True(inputs.Count(i => i.Inputs.HasFullyMaskedRow) >= 10, "fully −∞ explicit mask rows");
    }

    /// <summary>A configuration's declaration plus a wrapper that calls its <c>Forward</c> with only the arguments it takes.</summary>
    private static string Declaration(AttentionConfiguration c)
    {
        var arguments = new List<string> { "x" };
        if (c.Cross)
        {
            arguments.Add("memory");
        }

        if (c.KeyPadding)
        {
            arguments.Add("keyLengths");
        }

        if (c.Explicit)
        {
            arguments.Add("mask");
        }

        arguments.Add("y");
        arguments.Add("attentionWeights");
        string packedMask = c.Explicit ? "mask, " : "";
        string packed = c.Cross
            ? ""
            : "    public static void InvokePacked(AttentionParameters p, float[] tokens, int[] lengths, float[] mask, float[] y) =>\n"
              + $"        new {c.ClassName}({c.ClassName}.Weights.From(p)).ForwardPacked(tokens, lengths, {packedMask}y);";
        return new StringBuilder()
            .AppendLine(c.Attribute)
            .AppendLine($"public partial class {c.ClassName};")
            .AppendLine()
            .AppendLine($"public static class {c.RunnerName}")
            .AppendLine("{")
            .AppendLine("    public static void Invoke(AttentionParameters p, float[] x, float[] memory, int[] keyLengths, float[] mask, float[] y, float[] attentionWeights) =>")
            .AppendLine($"        new {c.ClassName}({c.ClassName}.Weights.From(p)).Forward({string.Join(", ", arguments)});")
            .AppendLine(packed)
            .AppendLine(GuardedBlockChecks.AttentionWrapper(c))
            .AppendLine("}")
            .ToString();
    }

    /// <summary>Runs one configuration and compares it with the scalar reference.</summary>
    private static void Check(AttentionConfiguration c, Runner run)
    {
        TestInputs inputs = TestInputs.Create(c);
        AttentionParameters p = AttentionParameters.Random(c.DModel, c.Bias, c.Seed);
        var y = new float[c.Batch * c.SeqLen * c.DModel];
        var weights = new float[c.Batch * c.Heads * c.SeqLen * c.KvSeqLen];
        run(p, inputs.X, inputs.Memory, inputs.KeyLengths, inputs.Mask, y, weights);

        ScalarResult expected = ScalarAttention.Forward(p, c.Heads, c.SeqLen, c.KvSeqLen,
            ScalarLayers.Widen(inputs.X), c.Cross ? ScalarLayers.Widen(inputs.Memory) : null, c.Mask, inputs.KeyLengths, inputs.Mask);

        int[] yShape = [c.Batch, c.SeqLen, c.DModel];
        int[] weightsShape = [c.Batch, c.Heads, c.SeqLen, c.KvSeqLen];
        OutputChecks.RequireFinite(y, "y", yShape);
        OutputChecks.RequireFinite(weights, "attentionWeights", weightsShape);
        RequireHiddenKeysZero(c, expected.Hidden, weights);
        OutputChecks.AssertClose(expected.Y, y, "y", yShape);
        OutputChecks.AssertClose(expected.Weights, weights, "attentionWeights", weightsShape);

        // Skipping the optional output must not change y by a single bit.
        var yWithoutWeights = new float[y.Length];
        run(p, inputs.X, inputs.Memory, inputs.KeyLengths, inputs.Mask, yWithoutWeights, []);
        OutputChecks.RequireBitIdentical(y, yWithoutWeights, "y", yShape, ("with attentionWeights requested", "without"));
    }

    /// <summary>Packed sequences: each as the reference computes it alone at its length, bit for bit alone or beside others.</summary>
    private static void CheckPacked(AttentionConfiguration c, PackedRunner run)
    {
        AttentionParameters p = AttentionParameters.Random(c.DModel, c.Bias, c.Seed);
        float[] mask = TestInputs.Create(c).Mask;
        int[] lengths = PackedChecks.Lengths(c.Seed, c.SeqLen);
        PackedChecks.Check(PackedChecks.Tokens(c.Seed, lengths.Sum(), c.DModel), c.DModel, c.DModel, lengths,
            (tokens, l, y) => run(p, tokens, l, mask, y),
            (own, length) => ScalarAttention.Forward(p, c.Heads, length, length, ScalarLayers.Widen(own), null, c.Mask,
                c.KeyPadding ? [length] : [], PackedChecks.Corner(mask, c.SeqLen, length)).Y);
        PackedChecks.RequireRefusals((tokens, l, y) => run(p, tokens, l, mask, y), c.SeqLen, c.DModel);
    }

    /// <summary>Keys hidden by causality, padding or a −∞ mask entry get weight exactly 0, and so do whole rows that see no key.</summary>
    private static void RequireHiddenKeysZero(AttentionConfiguration c, bool[] hidden, float[] weights)
    {
        for (int b = 0; b < c.Batch; b++)
        {
            for (int i = 0; i < c.SeqLen; i++)
            {
                int hiddenStart = (b * c.SeqLen + i) * c.KvSeqLen;
                bool rowHidden = hidden.AsSpan(hiddenStart, c.KvSeqLen).IndexOf(false) < 0;
                for (int h = 0; h < c.Heads; h++)
                {
                    for (int j = 0; j < c.KvSeqLen; j++)
                    {
                        float w = weights[((b * c.Heads + h) * c.SeqLen + i) * c.KvSeqLen + j];
                        if (hidden[hiddenStart + j] && w != 0f)
                        {
                            string why = rowHidden ? "query row sees no key at all" : "key is hidden";
                            throw new XunitException($"attentionWeights[b {b}, h {h}, i {i}, j {j}] is {w:R}, but the {why} "
                                + $"(causal {c.Causal && j > i}, padding {c.KeyPadding && j >= KeyLengthOf(c, b)}); it must be exactly 0.");
                        }
                    }
                }
            }
        }
    }

    private static int KeyLengthOf(AttentionConfiguration c, int b) => TestInputs.Create(c).KeyLengths[b];
}

/// <summary>
/// Random inputs for one configuration, from its own seed: tokens in [−1, 1], key lengths in 0…KvSeqLen
/// (often exactly 0 or KvSeqLen), and an additive mask with finite values in [−2, 2], scattered −∞ entries
/// and some fully −∞ rows. Arrays a configuration does not take are empty.
/// </summary>
internal sealed record TestInputs(float[] X, float[] Memory, int[] KeyLengths, float[] Mask)
{
    public bool HasFullyMaskedRow { get; init; }

    public static TestInputs Create(AttentionConfiguration c)
    {
        var random = new Random(c.Seed);
        float[] x = Uniform(random, c.Batch * c.SeqLen * c.DModel, 1f);
        float[] memory = c.Cross ? Uniform(random, c.Batch * c.KvSeqLen * c.DModel, 1f) : [];
        int[] keyLengths = c.KeyPadding
            ? Enumerable.Range(0, c.Batch).Select(_ => random.Next(4) switch
            {
                0 => 0,
                1 => c.KvSeqLen,
                _ => random.Next(c.KvSeqLen + 1),
            }).ToArray()
            : [];

        float[] mask = [];
        bool fullyMaskedRow = false;
        if (c.Explicit)
        {
            mask = new float[c.SeqLen * c.KvSeqLen];
            // Some masks have no −∞ at all; the rest hide about a fifth of the keys, and some whole rows.
            double hiddenFraction = random.Next(4) == 0 ? 0.0 : 0.2;
            double rowFraction = random.Next(3) == 0 ? 0.0 : 0.15;
            for (int i = 0; i < c.SeqLen; i++)
            {
                bool wholeRow = random.NextDouble() < rowFraction;
                fullyMaskedRow |= wholeRow;
                for (int j = 0; j < c.KvSeqLen; j++)
                {
                    mask[i * c.KvSeqLen + j] = wholeRow || random.NextDouble() < hiddenFraction
                        ? float.NegativeInfinity
                        : (float)(random.NextDouble() * 4 - 2);
                }
            }
        }

        return new TestInputs(x, memory, keyLengths, mask) { HasFullyMaskedRow = fullyMaskedRow };
    }

    /// <summary><paramref name="count"/> values in [−limit, limit] from <paramref name="random"/>.</summary>
    public static float[] Uniform(Random random, int count, float limit)
    {
        var values = new float[count];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)((random.NextDouble() * 2 - 1) * limit);
        }

        return values;
    }
}
