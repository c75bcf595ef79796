using System.Globalization;
using AttnGen.Testing;

namespace AttnGen.Generator.Tests.CompileAndRun;

/// <summary>One <c>[TransformerDecoderLayer]</c> declaration, with the batch size it runs on.</summary>
internal sealed record DecoderLayerConfiguration(
    int Id, int Heads, int HeadDim, int Hidden, int SeqLen, int MemorySeqLen, ActivationKind Activation, bool NormFirst, double Eps, int Batch)
    : GeneratedConfiguration(Id)
{
    public int DModel => Heads * HeadDim;

    /// <summary>The layer's cross-attention as an attention configuration, whose <see cref="TestInputs"/> (x and memory) the layer runs on.</summary>
    public AttentionConfiguration CrossAttention => new(Id, Heads, HeadDim, SeqLen, MemorySeqLen, Cross: true, MaskFlags.None, Bias: true, Batch);

    public override string Attribute =>
        $"[TransformerDecoderLayer(DModel = {DModel}, Heads = {Heads}, Hidden = {Hidden}, SeqLen = {SeqLen}, MemorySeqLen = {MemorySeqLen}, "
        + $"LayerNormEps = {Eps.ToString("R", CultureInfo.InvariantCulture)}, "
        + $"Activation = AttnGen.Activation.{Activation}, NormFirst = {(NormFirst ? "true" : "false")})]";

    public override string ToString() => $"#{Id} {Attribute} class {ClassName} (HeadDim {HeadDim}, batch {Batch}, seed {Seed})";
}

/// <summary>The decoder-layer shapes: hand-picked edges, then seeded random ones (the same on every run and machine).</summary>
internal static class DecoderLayerConfigurations
{
    private const int Seed = 20250303;
    private const int Count = 54;

    public static IReadOnlyList<DecoderLayerConfiguration> All { get; } = Create();

    private static List<DecoderLayerConfiguration> Create()
    {
        var random = new Random(Seed);
        var all = new List<DecoderLayerConfiguration>();
        foreach ((int heads, int headDim, int hidden, int seqLen, int memorySeqLen) in
                 new[] { (1, 1, 1, 1, 1), (8, 12, 200, 40, 40), (4, 25, 50, 1, 40), (6, 5, 9, 40, 1), (3, 8, 64, 33, 7), (2, 3, 1, 5, 31) })
        {
            all.Add(Next(all.Count, heads, headDim, hidden, seqLen, memorySeqLen, random));
        }

        while (all.Count < Count)
        {
            int heads = random.Next(1, 9);
            int headDim = random.Next(1, 100 / heads + 1);
            int seqLen = RandomDraws.Size(random, 40);
            int memorySeqLen = RandomDraws.Size(random, 40);
            int hidden = RandomDraws.Size(random, 200);
            all.Add(Next(all.Count, heads, headDim, hidden, seqLen, memorySeqLen, random));
        }

        return all;
    }

    /// <summary>Configuration <paramref name="id"/>: its activation and norm placement by turns, so every pairing recurs; the rest at random.</summary>
    private static DecoderLayerConfiguration Next(int id, int heads, int headDim, int hidden, int seqLen, int memorySeqLen, Random random) =>
        new(id, heads, headDim, hidden, seqLen, memorySeqLen, (ActivationKind)(id % 3), NormFirst: id / 3 % 2 == 1,
            Eps: RandomDraws.Eps(random), Batch: RandomDraws.Batch(random));
}
