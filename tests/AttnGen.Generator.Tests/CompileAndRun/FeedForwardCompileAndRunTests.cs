using System.Text;
using AttnGen.Testing;

namespace AttnGen.Generator.Tests.CompileAndRun;

/// <summary>
/// Generates every <see cref="FeedForwardConfigurations"/> shape, runs it on random rows against
/// <see cref="ScalarLayers.FeedForward"/>, and checks that a row's result does not depend on how many rows share the call.
/// </summary>
public sealed class FeedForwardCompileAndRunTests
{
    private static readonly ConfigurationGroups<FeedForwardConfiguration> Groups =
        new("FeedForward", FeedForwardConfigurations.All, groupSize: 19, Declaration);

    public static TheoryData<int> GroupNumbers => Groups.Numbers;

    [Theory]
    [MemberData(nameof(GroupNumbers))]
    public void Generated_feed_forward_matches_the_scalar_reference(int group) =>
        Groups.Check(group, (c, generated) =>
        {
            Check(c, generated.Method<Func<FeedForwardParameters, Action<float[], float[]>>>(c.RunnerName, "Create"));
            CheckPacked(c, generated.Method<Func<FeedForwardParameters, Action<float[], int[], float[]>>>(c.RunnerName, "CreatePacked"));
            GuardedBlockChecks.FeedForward(c, generated);
        });

    [Fact]
    public void Configurations_cover_the_required_space()
    {
        IReadOnlyList<FeedForwardConfiguration> all = FeedForwardConfigurations.All;
        Assert.True(all.Count >= 50, $"{all.Count} configurations");
        Assert.Equal(all.Count, all.Select(c => c.Id).Distinct().Count());
        foreach (ActivationKind activation in Enum.GetValues<ActivationKind>())
        {
            foreach (bool bias in new[] { false, true })
            {
                int count = all.Count(c => c.Activation == activation && c.Bias == bias);
                Assert.True(count >= 5, $"{activation}, bias {bias}: only {count} configurations");
            }
        }

        Assert.All(all, c => Assert.InRange(c.DModel, 1, 100));
        Assert.All(all, c => Assert.InRange(c.Hidden, 1, 200));
        Assert.Contains(all, c => c.DModel == 1);
        Assert.Contains(all, c => c.DModel == 100);
        Assert.Contains(all, c => c.Hidden == 1);
        Assert.Contains(all, c => c.Hidden == 200);
        Assert.True(all.Count(c => c.DModel % 8 == 0) >= 5, "widths that are multiples of 8");
        Assert.True(all.Count(c => c.DModel % 8 != 0 && c.Hidden % 8 != 0) >= 25, "widths that are not multiples of 8");
        Assert.All(all, c => Assert.True(c.Rows > 64 && c.Rows % 32 != 0, $"{c}: the longest run must pass two chunks and end in a partial one"));
    }

    private static string Declaration(FeedForwardConfiguration c) =>
        new StringBuilder()
            .AppendLine(c.Attribute)
            .AppendLine($"public partial class {c.ClassName};")
            .AppendLine()
            .AppendLine($"public static class {c.RunnerName}")
            .AppendLine("{")
            .AppendLine("    public static System.Action<float[], float[]> Create(FeedForwardParameters p)")
            .AppendLine("    {")
            .AppendLine($"        var block = new {c.ClassName}({c.ClassName}.Weights.From(p));")
            .AppendLine("        return (x, y) => block.Forward(x, y);")
            .AppendLine("    }")
            .AppendLine("    public static System.Action<float[], int[], float[]> CreatePacked(FeedForwardParameters p)")
            .AppendLine("    {")
            .AppendLine($"        var block = new {c.ClassName}({c.ClassName}.Weights.From(p));")
            .AppendLine("        return (tokens, lengths, y) => block.ForwardPacked(tokens, lengths, y);")
            .AppendLine("    }")
            .AppendLine(GuardedBlockChecks.FeedForwardWrapper(c))
            .AppendLine("}")
            .ToString();

    /// <summary>Packed sequences, as the other blocks of a layer stack take them: every row as the reference computes it.</summary>
    private static void CheckPacked(FeedForwardConfiguration c, Func<FeedForwardParameters, Action<float[], int[], float[]>> createPacked)
    {
        FeedForwardParameters p = FeedForwardParameters.Random(c.DModel, c.Hidden, c.Bias, c.Seed);
        Action<float[], int[], float[]> forwardPacked = createPacked(p);
        int[] lengths = PackedChecks.Lengths(c.Seed, seqLen: 40);
        PackedChecks.Check(PackedChecks.Tokens(c.Seed, lengths.Sum(), c.DModel), c.DModel, c.DModel, lengths, forwardPacked,
            (own, _) => ScalarLayers.FeedForward(ScalarLayers.Widen(own), p, c.Activation));
        ArgumentOutOfRangeException e = Assert.Throws<ArgumentOutOfRangeException>(() => forwardPacked([], [0, -1], []));
        Assert.Equal("lengths", e.ParamName);
        Assert.Equal("tokens", Assert.Throws<ArgumentException>(() => forwardPacked(new float[c.DModel], [2], new float[2 * c.DModel])).ParamName);
    }

    private static void Check(FeedForwardConfiguration c, Func<FeedForwardParameters, Action<float[], float[]>> create)
    {
        FeedForwardParameters p = FeedForwardParameters.Random(c.DModel, c.Hidden, c.Bias, c.Seed);
        Action<float[], float[]> forward = create(p);
        float[] x = c.RandomTokens(c.Rows, c.DModel);
        var y = new float[x.Length];
        forward(x, y);

        int[] shape = [c.Rows, c.DModel];
        OutputChecks.RequireFinite(y, "y", shape);
        OutputChecks.AssertClose(ScalarLayers.FeedForward(ScalarLayers.Widen(x), p, c.Activation), y, "y", shape);

        // Rows are independent: any prefix, and every row alone, must reproduce the long run's rows to the bit,
        // wherever the 32-row chunks happen to split them.
        foreach (int rows in c.RowCounts)
        {
            var prefix = new float[rows * c.DModel];
            forward(x.AsSpan(0, prefix.Length).ToArray(), prefix);
            OutputChecks.RequireBitIdentical(y[..prefix.Length], prefix, "y", [rows, c.DModel], ($"in a run of {c.Rows} rows", $"in a run of {rows}"));
        }

        for (int row = 0; row < c.Rows; row++)
        {
            var alone = new float[c.DModel];
            forward(x.AsSpan(row * c.DModel, c.DModel).ToArray(), alone);
            OutputChecks.RequireBitIdentical(y.AsSpan(row * c.DModel, c.DModel).ToArray(), alone, $"y (row {row})", [c.DModel],
                ($"in a run of {c.Rows} rows", "alone"));
        }
    }
}
