using System.Text;
using AttnGen.Testing;
using Xunit.Sdk;

namespace AttnGen.Generator.Tests.CompileAndRun;

/// <summary>
/// Generates every <see cref="PositionalEncodingConfigurations"/> shape and checks its baked-in table against
/// <see cref="ScalarEmbeddings.SinusoidalTable"/>, and both <c>AddTo</c> overloads on random sequences.
/// </summary>
public sealed class PositionalEncodingCompileAndRunTests
{
    private static readonly ConfigurationGroups<PositionalEncodingConfiguration> Groups =
        new("PositionalEncoding", PositionalEncodingConfigurations.All, groupSize: 27, Declaration);

    public static TheoryData<int> GroupNumbers => Groups.Numbers;

    [Theory]
    [MemberData(nameof(GroupNumbers))]
    public void Generated_positional_encoding_matches_the_scalar_reference(int group) =>
        Groups.Check(group, (c, generated) =>
        {
            Check(c,
                generated.Method<Func<float[]>>(c.RunnerName, "Table"),
                generated.Method<Action<float[]>>(c.RunnerName, "AddTo"),
                generated.Method<Action<float[], int>>(c.RunnerName, "AddToBatch"));
            GuardedBlockChecks.PositionalEncoding(c, generated);
        });

    [Fact]
    public void Configurations_cover_the_required_space()
    {
        IReadOnlyList<PositionalEncodingConfiguration> all = PositionalEncodingConfigurations.All;
        Assert.True(all.Count >= 50, $"{all.Count} configurations");
        Assert.Equal(all.Count, all.Select(c => c.Id).Distinct().Count());
        Assert.True(all.Count(c => c.Static) >= 20 && all.Count(c => !c.Static) >= 20, "static and ordinary classes");
        Assert.All(all, c => Assert.InRange(c.OneLength, 0, c.MaxLength));
        Assert.All(all, c => Assert.InRange(c.SequenceLength, 0, c.MaxLength));
        Assert.Equal(Enumerable.Range(0, 4), all.Select(c => c.Batch).Distinct().Order());
        Assert.True(all.Count(c => c.DModel % 2 == 1) >= 10, "odd widths, which end in a lone sine column");
        Assert.True(all.Count(c => c.DModel % 8 != 0) >= 25, "widths that are not multiples of 8");
        Assert.True(all.Count(c => c.OneLength == 0) >= 5 && all.Count(c => c.OneLength == c.MaxLength) >= 5, "empty and full sequences");
        Assert.True(all.Count(c => c.Batch > 0 && c.SequenceLength == 0) >= 3, "batches of empty sequences");
        Assert.True(all.Count(c => c.Batch > 0 && c.SequenceLength == c.MaxLength) >= 3, "batches of full sequences");
        Assert.Contains(all, c => c.MaxLength == 1 && c.DModel == 1);
        Assert.Contains(all, c => c.MaxLength >= 2048);
        Assert.Contains(all, c => c.DModel >= 99);
    }

    private static string Declaration(PositionalEncodingConfiguration c) =>
        new StringBuilder()
            .AppendLine(c.Attribute)
            .AppendLine($"public {(c.Static ? "static " : "")}partial class {c.ClassName};")
            .AppendLine()
            .AppendLine($"public static class {c.RunnerName}")
            .AppendLine("{")
            .AppendLine($"    public static float[] Table() => {c.ClassName}.Table.ToArray();")
            .AppendLine($"    public static void AddTo(float[] x) => {c.ClassName}.AddTo(x);")
            .AppendLine($"    public static void AddToBatch(float[] x, int sequenceLength) => {c.ClassName}.AddTo(x, sequenceLength);")
            .AppendLine(GuardedBlockChecks.PositionalEncodingWrapper(c))
            .AppendLine("}")
            .ToString();

    private static void Check(PositionalEncodingConfiguration c, Func<float[]> table, Action<float[]> addTo, Action<float[], int> addToBatch)
    {
        double[] expected = ScalarEmbeddings.SinusoidalTable(c.MaxLength, c.DModel);
        float[] actual = table();
        int[] tableShape = [c.MaxLength, c.DModel];
        OutputChecks.AssertClose(expected, actual, "Table", tableShape);
        RequireRoundedOnce(expected, actual, tableShape);

        float[] one = c.RandomTokens(c.OneLength, c.DModel);
        double[] oneExpected = AddTable(one, c.OneLength, expected, c.DModel);
        addTo(one);
        OutputChecks.AssertClose(oneExpected, one, "x", [c.OneLength, c.DModel]);

        float[] batch = c.RandomTokens(c.Batch * c.SequenceLength, c.DModel);
        float[] items = [.. batch];
        double[] batchExpected = AddTable(batch, c.SequenceLength, expected, c.DModel);
        addToBatch(batch, c.SequenceLength);
        int[] batchShape = [c.Batch, c.SequenceLength, c.DModel];
        OutputChecks.AssertClose(batchExpected, batch, "x", batchShape);

        int itemLength = c.SequenceLength * c.DModel;
        for (int b = 0; b < c.Batch; b++)
        {
            float[] alone = items[(b * itemLength)..((b + 1) * itemLength)];
            addTo(alone);
            OutputChecks.RequireBitIdentical(batch[(b * itemLength)..((b + 1) * itemLength)], alone, $"x (item {b})", [c.SequenceLength, c.DModel],
                ($"in a batch of {c.Batch}", "alone"));
        }

        float[] tooLong = c.RandomTokens(c.MaxLength + 1, c.DModel);
        float[] before = [.. tooLong];
        Assert.Throws<ArgumentException>("x", () => addTo(tooLong));
        Assert.Throws<ArgumentException>("sequenceLength", () => addToBatch(tooLong, c.MaxLength + 1));
        Assert.Equal(before, tooLong);
    }

    /// <summary>
    /// The table is promised to be computed in double precision and rounded once: every entry within one float step
    /// of the double reference, far tighter than the tolerance, which a table computed in float would pass.
    /// </summary>
    private static void RequireRoundedOnce(double[] expected, float[] actual, int[] shape)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            float rounded = (float)expected[i];
            if (actual[i] < MathF.BitDecrement(rounded) || actual[i] > MathF.BitIncrement(rounded))
            {
                throw new XunitException($"Table{OutputChecks.Index(i, shape)} is {actual[i]:R}; the double reference {expected[i]:R} "
                    + $"rounds to {rounded:R}, and the table must be within one float step of it.");
            }
        }
    }

    /// <summary>x plus the table's first <paramref name="length"/> rows, in double, for each sequence of that length in x.</summary>
    internal static double[] AddTable(float[] x, int length, double[] table, int dModel)
    {
        var sum = new double[x.Length];
        int itemLength = length * dModel;
        for (int i = 0; i < sum.Length; i++)
        {
            sum[i] = x[i] + table[i % itemLength];
        }

        return sum;
    }
}
