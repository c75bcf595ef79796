namespace AttnGen.Generator.Tests.CompileAndRun;

/// <summary>
/// One <c>[SinusoidalPositionalEncoding]</c> declaration, on a static class or an ordinary one, with the inputs it runs
/// on: one sequence of <see cref="OneLength"/> rows, and a batch of <see cref="Batch"/> sequences of <see cref="SequenceLength"/>.
/// </summary>
internal sealed record PositionalEncodingConfiguration(int Id, int MaxLength, int DModel, bool Static, int OneLength, int Batch, int SequenceLength)
    : GeneratedConfiguration(Id)
{
    public override string Attribute => $"[SinusoidalPositionalEncoding(MaxLength = {MaxLength}, DModel = {DModel})]";

    public override string ToString() =>
        $"#{Id} {Attribute} {(Static ? "static " : "")}class {ClassName} (one sequence of {OneLength}, batch {Batch} of {SequenceLength}, seed {Seed})";
}

/// <summary>The positional-encoding shapes: hand-picked edges, then seeded random ones (the same on every run and machine).</summary>
internal static class PositionalEncodingConfigurations
{
    /// <summary>
    /// The most table entries a random shape gets: the table is emitted as source text, and every entry costs the
    /// in-memory compilation time.
    /// </summary>
    private const int RandomTableBudget = 4096;

    private const int Seed = 20250305;
    private const int Count = 54;

    public static IReadOnlyList<PositionalEncodingConfiguration> All { get; } = Create();

    private static List<PositionalEncodingConfiguration> Create()
    {
        var random = new Random(Seed);
        var all = new List<PositionalEncodingConfiguration>();
        // Long tables reach large angles, where the argument of sin and cos is least forgiving.
        foreach ((int maxLength, int dModel) in new[] { (1, 1), (512, 8), (2048, 2), (1, 100), (100, 1), (64, 64), (3, 7), (40, 99) })
        {
            all.Add(Next(all.Count, maxLength, dModel, random));
        }

        while (all.Count < Count)
        {
            int dModel = RandomDraws.Size(random, 100);
            int maxLength = Math.Min(RandomDraws.Size(random, 200), RandomTableBudget / dModel);
            all.Add(Next(all.Count, maxLength, dModel, random));
        }

        return all;
    }

    /// <summary>Configuration <paramref name="id"/>: static and ordinary classes by turns; lengths at random, often the whole table or none.</summary>
    private static PositionalEncodingConfiguration Next(int id, int maxLength, int dModel, Random random)
    {
        int Length() => random.Next(4) switch
        {
            0 => 0,
            1 => maxLength,
            _ => random.Next(maxLength + 1),
        };

        return new(id, maxLength, dModel, Static: id % 2 == 0, OneLength: Length(), Batch: RandomDraws.Batch(random), SequenceLength: Length());
    }
}
