using System.Globalization;
using AttnGen.Testing;

namespace AttnGen.Generator.Tests.CompileAndRun;

/// <summary>One <c>[TransformerEncoderLayer]</c> declaration, with the batch size it runs on.</summary>
internal sealed record EncoderLayerConfiguration(
    int Id, int Heads, int HeadDim, int Hidden, int SeqLen, MaskFlags Mask, ActivationKind Activation, bool NormFirst, double Eps, int Batch)
    : GeneratedConfiguration(Id)
{
    public int DModel => Heads * HeadDim;

    public bool KeyPadding => Mask.HasFlag(MaskFlags.KeyPadding);

    public bool Explicit => Mask.HasFlag(MaskFlags.Explicit);

    /// <summary>The layer's self-attention as an attention configuration, whose <see cref="TestInputs"/> the layer runs on.</summary>
    public AttentionConfiguration SelfAttention => new(Id, Heads, HeadDim, SeqLen, SeqLen, Cross: false, Mask, Bias: true, Batch);

    public override string Attribute =>
        $"[TransformerEncoderLayer(DModel = {DModel}, Heads = {Heads}, Hidden = {Hidden}, SeqLen = {SeqLen}, "
        + $"LayerNormEps = {Eps.ToString("R", CultureInfo.InvariantCulture)}, "
        + $"Mask = AttentionMask.{Mask.ToString().Replace(", ", " | AttentionMask.", StringComparison.Ordinal)}, "
        + $"Activation = AttnGen.Activation.{Activation}, NormFirst = {(NormFirst ? "true" : "false")})]";

    public override string ToString() => $"#{Id} {Attribute} class {ClassName} (HeadDim {HeadDim}, batch {Batch}, seed {Seed})";
}

/// <summary>
/// The encoder-layer shapes: hand-picked edges, then seeded random ones (the same on every run and machine) that
/// cycle through every mask with post- and pre-norm.
/// </summary>
internal static class EncoderLayerConfigurations
{
    private const int Seed = 20250302;
    private const int Count = 56;

    public static IReadOnlyList<EncoderLayerConfiguration> All { get; } = Create();

    private static List<EncoderLayerConfiguration> Create()
    {
        var random = new Random(Seed);
        var all = new List<EncoderLayerConfiguration>();
        foreach ((int heads, int headDim, int hidden, int seqLen) in new[] { (1, 1, 1, 1), (8, 12, 200, 40), (5, 20, 37, 40), (3, 8, 64, 33), (2, 1, 3, 2), (7, 3, 1, 17) })
        {
            all.Add(Next(all.Count, heads, headDim, hidden, seqLen, random));
        }

        while (all.Count < Count)
        {
            int heads = random.Next(1, 9);
            int headDim = random.Next(1, 100 / heads + 1);
            int seqLen = RandomDraws.Size(random, 40);
            int hidden = RandomDraws.Size(random, 200);
            all.Add(Next(all.Count, heads, headDim, hidden, seqLen, random));
        }

        return all;
    }

    /// <summary>Configuration <paramref name="id"/>: its mask and norm placement by turns, so every pairing recurs; the rest at random.</summary>
    private static EncoderLayerConfiguration Next(int id, int heads, int headDim, int hidden, int seqLen, Random random) =>
        new(id, heads, headDim, hidden, seqLen, (MaskFlags)(id % 8), (ActivationKind)random.Next(3), NormFirst: id / 8 % 2 == 1,
            Eps: RandomDraws.Eps(random), Batch: RandomDraws.Batch(random));
}
