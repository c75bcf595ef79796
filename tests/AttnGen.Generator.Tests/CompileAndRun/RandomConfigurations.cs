using AttnGen.Testing;

namespace AttnGen.Generator.Tests.CompileAndRun;

/// <summary>One declaration to generate, compile and run, with the batch size it runs on.</summary>
/// <param name="Id">Unique number; names the class <c>C_{Id}</c>, its wrapper <c>Run_{Id}</c>, and seeds its data.</param>
/// <param name="KvSeqLen">Key positions: the declared <c>KvSeqLen</c> for cross-attention, <see cref="SeqLen"/> for self-attention.</param>
internal sealed record AttentionConfiguration(
    int Id, int Heads, int HeadDim, int SeqLen, int KvSeqLen, bool Cross, MaskFlags Mask, bool Bias, int Batch)
{
    public int DModel => Heads * HeadDim;

    public string ClassName => "C_" + Id;

    public string RunnerName => "Run_" + Id;

    /// <summary>Seeds the parameters and inputs of this configuration alone, so one can be rerun in isolation.</summary>
    public int Seed => unchecked(Id * 7919 + 104729);

    public bool Causal => Mask.HasFlag(MaskFlags.Causal);

    public bool KeyPadding => Mask.HasFlag(MaskFlags.KeyPadding);

    public bool Explicit => Mask.HasFlag(MaskFlags.Explicit);

    /// <summary>The attribute exactly as the test writes it.</summary>
    public string Attribute =>
        $"[MultiHeadAttention(DModel = {DModel}, Heads = {Heads}, SeqLen = {SeqLen}"
        + (Cross ? $", KvSeqLen = {KvSeqLen}" : "")
        + $", Mask = {MaskText}, Bias = {(Bias ? "true" : "false")})]";

    private string MaskText =>
        Mask == MaskFlags.None
            ? "AttentionMask.None"
            : string.Join(" | ", new[] { MaskFlags.Causal, MaskFlags.KeyPadding, MaskFlags.Explicit }
                .Where(flag => Mask.HasFlag(flag))
                .Select(flag => "AttentionMask." + flag));

    /// <summary>Multiply-adds of the float64 reference, roughly: the projections plus scores and context.</summary>
    public long ReferenceCost =>
        (long)Batch * ((SeqLen + 2L * KvSeqLen + SeqLen) * DModel * DModel + 2L * SeqLen * KvSeqLen * DModel);

    /// <summary>Everything needed to reproduce a failure: the declaration, the batch and the seed.</summary>
    public override string ToString() =>
        $"#{Id} {Attribute} class {ClassName} (HeadDim {HeadDim}, {(Cross ? "cross" : "self")}, batch {Batch}, seed {Seed})";
}

/// <summary>
/// The shapes the compile-and-run tests cover: a few hand-picked edge shapes, then seeded random ones.
/// The seed is fixed, so the set — and any failure — is the same on every run and machine.
/// </summary>
internal static class RandomConfigurations
{
    public const int Seed = 20240917;

    public const int RandomCount = 232;

    /// <summary>
    /// The most multiply-adds a random configuration may cost the float64 reference; larger draws shrink
    /// their batch, then their sequence lengths, so that the whole suite stays within its time budget.
    /// </summary>
    public const long CostBudget = 25_000_000;

    public static IReadOnlyList<AttentionConfiguration> All { get; } = Create();

    private static List<AttentionConfiguration> Create()
    {
        var all = new List<AttentionConfiguration>
        {
            // Hand-picked extremes: the smallest block, the widest heads and the longest sequences allowed.
            new(0, Heads: 1, HeadDim: 1, SeqLen: 1, KvSeqLen: 1, Cross: false, MaskFlags.None, Bias: true, Batch: 1),
            new(1, Heads: 12, HeadDim: 96, SeqLen: 80, KvSeqLen: 80, Cross: true,
                MaskFlags.Causal | MaskFlags.KeyPadding | MaskFlags.Explicit, Bias: true, Batch: 1),
            new(2, Heads: 1, HeadDim: 8, SeqLen: 1, KvSeqLen: 80, Cross: true, MaskFlags.KeyPadding, Bias: false, Batch: 4),
            new(3, Heads: 3, HeadDim: 7, SeqLen: 80, KvSeqLen: 1, Cross: true, MaskFlags.Causal | MaskFlags.Explicit, Bias: true, Batch: 2),
            new(4, Heads: 12, HeadDim: 1, SeqLen: 80, KvSeqLen: 80, Cross: false, MaskFlags.Causal, Bias: false, Batch: 3),
            new(5, Heads: 2, HeadDim: 96, SeqLen: 9, KvSeqLen: 9, Cross: false, MaskFlags.Explicit, Bias: true, Batch: 4),
            new(6, Heads: 5, HeadDim: 17, SeqLen: 33, KvSeqLen: 7, Cross: true, MaskFlags.Causal | MaskFlags.KeyPadding, Bias: false, Batch: 2),
            new(7, Heads: 12, HeadDim: 95, SeqLen: 3, KvSeqLen: 3, Cross: false, MaskFlags.KeyPadding | MaskFlags.Explicit, Bias: false, Batch: 1),
        };

        var random = new Random(Seed);
        for (int n = 0; n < RandomCount; n++)
        {
            // Mask and self/cross cycle through all 16 combinations; everything else is drawn.
            var mask = (MaskFlags)(n % 8);
            bool cross = n / 8 % 2 == 1;
            int heads = random.Next(1, 13);
            int headDim = random.Next(4) == 0 ? 8 * random.Next(1, 13) : random.Next(1, 97);
            int seqLen = Length(random);
            int kvSeqLen = cross ? Length(random) : seqLen;
            bool bias = random.Next(2) == 0;
            int batch = random.Next(1, 5);
            var configuration = new AttentionConfiguration(all.Count, heads, headDim, seqLen, kvSeqLen, cross, mask, bias, batch);
            all.Add(FitBudget(configuration));
        }

        return all;
    }

    /// <summary>Short sequences (1–8, where tails dominate) a third of the time, otherwise 1–80.</summary>
    private static int Length(Random random) => random.Next(3) == 0 ? random.Next(1, 9) : random.Next(1, 81);

    private static AttentionConfiguration FitBudget(AttentionConfiguration c)
    {
        while (c.ReferenceCost > CostBudget)
        {
            if (c.Batch > 1)
            {
                c = c with { Batch = c.Batch - 1 };
            }
            else if (c.Cross && c.KvSeqLen >= c.SeqLen)
            {
                c = c with { KvSeqLen = Math.Max(1, c.KvSeqLen * 3 / 4) };
            }
            else if (c.Cross)
            {
                c = c with { SeqLen = Math.Max(1, c.SeqLen * 3 / 4) };
            }
            else
            {
                int shorter = Math.Max(1, c.SeqLen * 3 / 4);
                c = c with { SeqLen = shorter, KvSeqLen = shorter };
            }
        }

        return c;
    }
}
