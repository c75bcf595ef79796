using System.Text;
using AttnGen.Testing;
using Xunit.Sdk;

namespace AttnGen.Generator.Tests.CompileAndRun;

/// <summary>
/// Generates every <see cref="BertEmbeddingsConfigurations"/> shape, runs it on random ids against
/// <see cref="ScalarEmbeddings.Bert"/>, checks that a batch item's result does not depend on the batch, and that an id
/// outside its table is refused by position before anything is written.
/// </summary>
public sealed class BertEmbeddingsCompileAndRunTests
{
    private static readonly ConfigurationGroups<BertEmbeddingsConfiguration> Groups =
        new("BertEmbeddings", BertEmbeddingsConfigurations.All, groupSize: 27, Declaration);

    public static TheoryData<int> GroupNumbers => Groups.Numbers;

    [Theory]
    [MemberData(nameof(GroupNumbers))]
    public void Generated_bert_embeddings_match_the_scalar_reference(int group) =>
        Groups.Check(group, (c, generated) =>
        {
            Check(c, generated.Method<Func<BertEmbeddingsParameters, Action<int[], int[], float[]>>>(c.RunnerName, "Create"));
            CheckPacked(c, generated.Method<Func<BertEmbeddingsParameters, Action<int[], int[], int[], float[]>>>(c.RunnerName, "CreatePacked"));
            GuardedBlockChecks.Embeddings(c, generated);
        });

    [Fact]
    public void Configurations_cover_the_required_space()
    {
        IReadOnlyList<BertEmbeddingsConfiguration> all = BertEmbeddingsConfigurations.All;
        Assert.True(all.Count >= 50, $"{all.Count} configurations");
        Assert.Equal(all.Count, all.Select(c => c.Id).Distinct().Count());
        Assert.All(all, c => Assert.InRange(c.SeqLen, 1, c.MaxPositions));
        Assert.All(all, c => Assert.InRange(c.DModel, 1, 100));
        Assert.All(all, c => Assert.InRange(c.SeqLen, 1, 40));
        Assert.Equal(Enumerable.Range(0, 4), all.Select(c => c.Batch).Distinct().Order());
        Assert.Equal(Enumerable.Range(1, 4), all.Select(c => c.TypeVocabSize).Distinct().Order());
        Assert.Equal([1e-12, 1e-5], all.Select(c => c.Eps).Distinct().Order());
        Assert.True(all.Count(c => c.Batch > 0 && c.WithTokenTypes) >= 10, "explicit token types");
        Assert.True(all.Count(c => c.Batch > 0 && !c.WithTokenTypes) >= 10, "token types left empty");
        Assert.True(all.Count(c => c.SeqLen == c.MaxPositions) >= 5, "every position used");
        Assert.True(all.Count(c => c.DModel % 8 != 0) >= 25, "widths that are not multiples of 8");
        Assert.Contains(all, c => c.VocabSize == 1 && c.MaxPositions == 1 && c.TypeVocabSize == 1 && c.DModel == 1);
        Assert.Contains(all, c => c.VocabSize == 30522 && c.MaxPositions == 512);
        Assert.Contains(all, c => c.DModel == 100);
    }

    private static string Declaration(BertEmbeddingsConfiguration c) =>
        new StringBuilder()
            .AppendLine(c.Attribute)
            .AppendLine($"public partial class {c.ClassName};")
            .AppendLine()
            .AppendLine($"public static class {c.RunnerName}")
            .AppendLine("{")
            .AppendLine("    public static System.Action<int[], int[], float[]> Create(BertEmbeddingsParameters p)")
            .AppendLine("    {")
            .AppendLine($"        var embeddings = new {c.ClassName}({c.ClassName}.Weights.From(p));")
            .AppendLine("        return (inputIds, tokenTypeIds, y) => embeddings.Forward(inputIds, tokenTypeIds, y);")
            .AppendLine("    }")
            .AppendLine("    public static System.Action<int[], int[], int[], float[]> CreatePacked(BertEmbeddingsParameters p)")
            .AppendLine("    {")
            .AppendLine($"        var embeddings = new {c.ClassName}({c.ClassName}.Weights.From(p));")
            .AppendLine("        return (inputIds, tokenTypeIds, lengths, y) => embeddings.ForwardPacked(inputIds, tokenTypeIds, lengths, y);")
            .AppendLine("    }")
            .AppendLine(GuardedBlockChecks.EmbeddingsWrapper(c))
            .AppendLine("}")
            .ToString();

    /// <summary>Packed sequences: positions restart at 0 for each, and each is embedded as alone.</summary>
    private static void CheckPacked(BertEmbeddingsConfiguration c, Func<BertEmbeddingsParameters, Action<int[], int[], int[], float[]>> createPacked)
    {
        BertEmbeddingsParameters p = BertEmbeddingsParameters.Random(c.VocabSize, c.MaxPositions, c.TypeVocabSize, c.DModel, c.Seed);
        Action<int[], int[], int[], float[]> forwardPacked = createPacked(p);
        int[] lengths = PackedChecks.Lengths(c.Seed, c.SeqLen);
        var random = new Random(c.Seed);
        (int Id, int Type)[] tokens = [.. Enumerable.Range(0, lengths.Sum()).Select(_ => (random.Next(c.VocabSize), c.WithTokenTypes ? random.Next(c.TypeVocabSize) : 0))];
        int[] Ids((int Id, int Type)[] own) => [.. own.Select(t => t.Id)];
        int[] Types((int Id, int Type)[] own) => c.WithTokenTypes ? [.. own.Select(t => t.Type)] : [];
        PackedChecks.Check(tokens, 1, c.DModel, lengths, (own, l, y) => forwardPacked(Ids(own), Types(own), l, y),
            (own, length) => ScalarEmbeddings.Bert(p, length, c.Eps, Ids(own), Types(own)));
        ArgumentOutOfRangeException e = Assert.Throws<ArgumentOutOfRangeException>(() => forwardPacked([], [], [c.SeqLen + 1], []));
        Assert.Equal("lengths", e.ParamName);
        Assert.Equal("inputIds", Assert.Throws<ArgumentException>(() => forwardPacked([0], [], [1, 1], new float[2 * c.DModel])).ParamName);
    }

    private static void Check(BertEmbeddingsConfiguration c, Func<BertEmbeddingsParameters, Action<int[], int[], float[]>> create)
    {
        BertEmbeddingsParameters p = BertEmbeddingsParameters.Random(c.VocabSize, c.MaxPositions, c.TypeVocabSize, c.DModel, c.Seed);
        Action<int[], int[], float[]> forward = create(p);
        (int[] inputIds, int[] tokenTypeIds) = c.RandomIds();
        var y = new float[inputIds.Length * c.DModel];
        forward(inputIds, tokenTypeIds, y);

        int[] shape = [c.Batch, c.SeqLen, c.DModel];
        OutputChecks.RequireFinite(y, "y", shape);
        OutputChecks.AssertClose(ScalarEmbeddings.Bert(p, c.SeqLen, c.Eps, inputIds, tokenTypeIds), y, "y", shape);

        int itemLength = c.SeqLen * c.DModel;
        for (int b = 0; b < c.Batch; b++)
        {
            var alone = new float[itemLength];
            forward(inputIds[(b * c.SeqLen)..((b + 1) * c.SeqLen)], c.WithTokenTypes ? tokenTypeIds[(b * c.SeqLen)..((b + 1) * c.SeqLen)] : [], alone);
            OutputChecks.RequireBitIdentical(y.AsSpan(b * itemLength, itemLength).ToArray(), alone, $"y (item {b})", [c.SeqLen, c.DModel],
                ($"in a batch of {c.Batch}", "alone"));
        }

        if (c.Batch > 0)
        {
            // The last id of the batch is checked last, so an implementation that writes y as it goes would be caught.
            int last = inputIds.Length - 1;
            RequireRefused(forward, c.DModel, "inputIds", last, c.Id % 2 == 0 ? c.VocabSize : -1, inputIds, tokenTypeIds);
            if (c.WithTokenTypes)
            {
                RequireRefused(forward, c.DModel, "tokenTypeIds", last, c.Id % 2 == 0 ? c.TypeVocabSize : -1, inputIds, tokenTypeIds);
            }
        }
    }

    /// <summary>
    /// An id outside its table must throw <see cref="ArgumentOutOfRangeException"/> naming the argument and position,
    /// and leave y as it was.
    /// </summary>
    private static void RequireRefused(
        Action<int[], int[], float[]> forward, int dModel, string argument, int position, int badId, int[] inputIds, int[] tokenTypeIds)
    {
        int[] badInputIds = [.. inputIds], badTokenTypeIds = [.. tokenTypeIds];
        (argument == "inputIds" ? badInputIds : badTokenTypeIds)[position] = badId;
        const float Untouched = 1234.5f;
        float[] y = Enumerable.Repeat(Untouched, inputIds.Length * dModel).ToArray();

        ArgumentOutOfRangeException e = Assert.Throws<ArgumentOutOfRangeException>(() => forward(badInputIds, badTokenTypeIds, y));
        Assert.Equal(argument, e.ParamName);
        Assert.Contains($"{argument}[{position}]", e.Message, StringComparison.Ordinal);
        int written = Array.FindIndex(y, v => v != Untouched);
        if (written >= 0)
        {
            throw new XunitException($"{argument}[{position}] = {badId} was refused, but only after y[{written}] was written.");
        }
    }
}
