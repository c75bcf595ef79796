using AttnGen.Testing;

namespace AttnGen.Generator.Tests.CompileAndRun;

/// <summary>One <c>[FeedForward]</c> declaration, run on <see cref="Rows"/> rows and on shorter prefixes of them.</summary>
internal sealed record FeedForwardConfiguration(int Id, int DModel, int Hidden, ActivationKind Activation, bool Bias, int Rows)
    : GeneratedConfiguration(Id)
{
    /// <summary>
    /// The row counts each configuration runs: none, one, either side of the generated code's 32-row chunks, and
    /// <see cref="Rows"/> (always more than 65).
    /// </summary>
    public int[] RowCounts => [0, 1, 3, 31, 32, 33, 63, 64, 65, Rows];

    public override string Attribute =>
        $"[FeedForward(DModel = {DModel}, Hidden = {Hidden}, Activation = AttnGen.Activation.{Activation}, Bias = {(Bias ? "true" : "false")})]";

    public override string ToString() => $"#{Id} {Attribute} class {ClassName} ({Rows} rows, seed {Seed})";
}

/// <summary>The feed-forward shapes: hand-picked edges, then seeded random ones (the same on every run and machine).</summary>
internal static class FeedForwardConfigurations
{
    private const int Seed = 20250301;
    private const int Count = 56;

    public static IReadOnlyList<FeedForwardConfiguration> All { get; } = Create();

    private static List<FeedForwardConfiguration> Create()
    {
        var random = new Random(Seed);
        // Rows always pass two whole chunks, so every configuration meets a full chunk, a tail, and a chunk of one.
        int Rows() => random.Next(70, 96);
        var all = new List<FeedForwardConfiguration>();
        foreach ((int dModel, int hidden) in new[] { (1, 1), (1, 200), (100, 1), (8, 8), (16, 200), (64, 128), (7, 9), (9, 7), (96, 24) })
        {
            all.Add(new FeedForwardConfiguration(all.Count, dModel, hidden, (ActivationKind)(all.Count % 3), all.Count % 2 == 0, Rows()));
        }

        while (all.Count < Count)
        {
            int dModel = RandomDraws.Size(random, 100);
            int hidden = RandomDraws.Size(random, 200);
            all.Add(new FeedForwardConfiguration(all.Count, dModel, hidden, (ActivationKind)random.Next(3), random.Next(2) == 0, Rows()));
        }

        return all;
    }
}
