using System.Globalization;

namespace AttnGen.Generator.Tests.CompileAndRun;

/// <summary>One <c>[BertEmbeddings]</c> declaration, with the batch size it runs on and whether it passes token types.</summary>
internal sealed record BertEmbeddingsConfiguration(
    int Id, int VocabSize, int MaxPositions, int TypeVocabSize, int DModel, int SeqLen, double Eps, int Batch, bool WithTokenTypes)
    : GeneratedConfiguration(Id)
{
    public override string Attribute =>
        $"[BertEmbeddings(VocabSize = {VocabSize}, MaxPositions = {MaxPositions}, TypeVocabSize = {TypeVocabSize}, DModel = {DModel}, "
        + $"SeqLen = {SeqLen}, LayerNormEps = {Eps.ToString("R", CultureInfo.InvariantCulture)})]";

    /// <summary>
    /// Ids <c>[Batch, SeqLen]</c> from this configuration's seed, the first and last of each table always among them,
    /// and token types to match, or none when the configuration leaves them to default to 0.
    /// </summary>
    public (int[] InputIds, int[] TokenTypeIds) RandomIds()
    {
        var random = new Random(Seed);
        int tokens = Batch * SeqLen;
        int[] inputIds = Enumerable.Range(0, tokens).Select(t => t switch
        {
            0 => VocabSize - 1,
            1 => 0,
            _ => random.Next(VocabSize),
        }).ToArray();
        int[] tokenTypeIds = WithTokenTypes
            ? Enumerable.Range(0, tokens).Select(t => t == 0 ? TypeVocabSize - 1 : random.Next(TypeVocabSize)).ToArray()
            : [];
        return (inputIds, tokenTypeIds);
    }

    public override string ToString() =>
        $"#{Id} {Attribute} class {ClassName} (batch {Batch}, {(WithTokenTypes ? "with" : "without")} token types, seed {Seed})";
}

/// <summary>The BERT-embedding shapes: hand-picked edges, then seeded random ones (the same on every run and machine).</summary>
internal static class BertEmbeddingsConfigurations
{
    private const int Seed = 20250304;
    private const int Count = 54;

    public static IReadOnlyList<BertEmbeddingsConfiguration> All { get; } = Create();

    private static List<BertEmbeddingsConfiguration> Create()
    {
        var random = new Random(Seed);
        var all = new List<BertEmbeddingsConfiguration>();
        // BERT-base's vocabulary and positions at a narrow width; single-row tables; SeqLen equal to MaxPositions.
        foreach ((int vocab, int positions, int types, int dModel, int seqLen) in
                 new[] { (1, 1, 1, 1, 1), (30522, 512, 2, 16, 40), (500, 40, 4, 100, 40), (2, 7, 1, 9, 7), (7, 64, 2, 64, 3) })
        {
            all.Add(Next(all.Count, vocab, positions, types, dModel, seqLen, random));
        }

        while (all.Count < Count)
        {
            int seqLen = RandomDraws.Size(random, 40);
            int positions = random.Next(3) == 0 ? seqLen : seqLen + random.Next(1, 30);
            int vocab = RandomDraws.Size(random, 500);
            int dModel = RandomDraws.Size(random, 100);
            all.Add(Next(all.Count, vocab, positions, random.Next(1, 5), dModel, seqLen, random));
        }

        return all;
    }

    private static BertEmbeddingsConfiguration Next(int id, int vocab, int positions, int types, int dModel, int seqLen, Random random) =>
        new(id, vocab, positions, types, dModel, seqLen, Eps: RandomDraws.Eps(random), Batch: RandomDraws.Batch(random), WithTokenTypes: random.Next(2) == 0);
}
