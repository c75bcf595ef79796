using System.Globalization;
using AttnGen.Testing;

namespace AttnGen.Generator.Tests.CompileAndRun;

/// <summary>The decoder-only families the configurations are drawn from.</summary>
internal enum CausalDecoderFamily
{
    /// <summary>LayerNorm, an MLP, biases, no rotary embedding, as many key/value heads as query heads.</summary>
    Gpt2,

    /// <summary>RMSNorm, SwiGLU, rotary embedding, grouped-query attention, sometimes Qwen2's query/key/value biases.</summary>
    Llama,

    /// <summary>Any combination of the declaration's options.</summary>
    Mixed,
}

/// <summary>
/// One <c>[CausalDecoderLayer]</c> declaration, decoded on a sequence of <see cref="SeqLen"/> positions (a prefill of
/// <see cref="Prefill"/>, then single positions) and beside a second sequence of <see cref="OtherSeqLen"/> in steps.
/// </summary>
internal sealed record CausalDecoderLayerConfiguration(
    int Id, CausalDecoderFamily Family, int Heads, int KvHeads, int HeadDim, int Hidden, int MaxSeqLen, int SeqLen, int Prefill,
    int OtherSeqLen, bool RmsNorm, bool SwiGlu, ActivationKind Activation, double RotaryTheta, bool Bias, bool QkvBias, double Eps)
    : GeneratedConfiguration(Id)
{
    public int DModel => Heads * HeadDim;

    public string NormName => RmsNorm ? "RmsNorm" : "LayerNorm";

    public string FfnName => SwiGlu ? "SwiGlu" : "Mlp";

    public override string Attribute =>
        $"[CausalDecoderLayer(DModel = {DModel}, Heads = {Heads}, KvHeads = {KvHeads}, Hidden = {Hidden}, MaxSeqLen = {MaxSeqLen}, "
        + $"NormEps = {Eps.ToString("R", CultureInfo.InvariantCulture)}, Norm = NormKind.{NormName}, Ffn = FfnKind.{FfnName}, "
        + $"Activation = AttnGen.Activation.{Activation}, Bias = {Bool(Bias)}, QkvBias = {Bool(QkvBias)}"
        + (RotaryTheta > 0 ? $", RotaryTheta = {RotaryTheta.ToString("R", CultureInfo.InvariantCulture)}" : "") + ")]";

    /// <summary>The runtime call that makes this declaration's seeded parameters, written into the generated source.</summary>
    public string RandomParameters =>
        $"CausalDecoderLayerParameters.Random({DModel}, {Heads}, {KvHeads}, {Hidden}, NormKind.{NormName}, FfnKind.{FfnName}, "
        + $"bias: {Bool(Bias)}, qkvBias: {Bool(Bias || QkvBias)}, seed)";

    public override string ToString() =>
        $"#{Id} {Family} {Attribute} class {ClassName} (HeadDim {HeadDim}, {SeqLen} positions after a prefill of {Prefill}, "
        + $"beside {OtherSeqLen}, seed {Seed})";

    private static string Bool(bool value) => value ? "true" : "false";
}

/// <summary>
/// The decoder-only shapes: hand-picked edges (head sizes 64 and 80, a single position, chunks of 64 rows passed),
/// then seeded random ones per family, most with sizes that are not multiples of 8.
/// </summary>
internal static class CausalDecoderLayerConfigurations
{
    private const int Seed = 20261202;
    private const int PerFamily = 50;
    private const int Mixed = 14;

    public static IReadOnlyList<CausalDecoderLayerConfiguration> All { get; } = Create();

    private static List<CausalDecoderLayerConfiguration> Create()
    {
        var random = new Random(Seed);
        var all = new List<CausalDecoderLayerConfiguration>
        {
            Gpt2(0, heads: 2, headDim: 64, hidden: 40, maxSeqLen: 9, random),
            Llama(1, heads: 2, kvHeads: 1, headDim: 80, hidden: 24, maxSeqLen: 7, random),
            Gpt2(2, heads: 1, headDim: 1, hidden: 1, maxSeqLen: 1, random),
            Llama(3, heads: 1, kvHeads: 1, headDim: 2, hidden: 1, maxSeqLen: 1, random),
            Llama(4, heads: 4, kvHeads: 2, headDim: 6, hidden: 20, maxSeqLen: 80, random) with { SeqLen = 75, Prefill = 70 },
            Gpt2(5, heads: 3, headDim: 5, hidden: 17, maxSeqLen: 70, random) with { SeqLen = 70, Prefill = 66, OtherSeqLen = 69 },
        };

        while (all.Count < 2 * PerFamily)
        {
            int heads = random.Next(1, 7);
            all.Add(all.Count % 2 == 0
                ? Gpt2(all.Count, heads, random.Next(1, 21), random.Next(1, 65), random.Next(1, 25), random)
                : Llama(all.Count, heads, Divisor(heads, random), 2 * random.Next(1, 12), random.Next(1, 65), random.Next(1, 25), random));
        }

        while (all.Count < 2 * PerFamily + Mixed)
        {
            int heads = random.Next(1, 7);
            bool rotary = random.Next(2) == 0;
            int headDim = rotary ? 2 * random.Next(1, 12) : random.Next(1, 21);
            int maxSeqLen = random.Next(1, 25);
            all.Add(Sequences(random, maxSeqLen) with
            {
                Id = all.Count, Family = CausalDecoderFamily.Mixed, Heads = heads, KvHeads = Divisor(heads, random), HeadDim = headDim,
                Hidden = random.Next(1, 65), RmsNorm = random.Next(2) == 0, SwiGlu = random.Next(2) == 0,
                Activation = (ActivationKind)random.Next(3), RotaryTheta = rotary ? 10000 : 0, Bias = random.Next(2) == 0,
                QkvBias = random.Next(2) == 0, Eps = random.Next(2) == 0 ? 1e-5 : 1e-6,
            });
        }

        return all;
    }

    private static CausalDecoderLayerConfiguration Gpt2(int id, int heads, int headDim, int hidden, int maxSeqLen, Random random) =>
        Sequences(random, maxSeqLen) with
        {
            Id = id, Family = CausalDecoderFamily.Gpt2, Heads = heads, KvHeads = heads, HeadDim = headDim, Hidden = hidden,
            Activation = ActivationKind.GeluTanh, Bias = true, Eps = 1e-5,
        };

    private static CausalDecoderLayerConfiguration Llama(int id, int heads, int kvHeads, int headDim, int hidden, int maxSeqLen, Random random) =>
        Sequences(random, maxSeqLen) with
        {
            Id = id, Family = CausalDecoderFamily.Llama, Heads = heads, KvHeads = kvHeads, HeadDim = headDim, Hidden = hidden,
            RmsNorm = true, SwiGlu = true, RotaryTheta = random.Next(2) == 0 ? 10000 : 500000, QkvBias = random.Next(3) == 0,
            Eps = random.Next(2) == 0 ? 1e-5 : 1e-6,
        };

    /// <summary>The lengths of a configuration with a cache of <paramref name="maxSeqLen"/>; the rest is filled in by the caller.</summary>
    private static CausalDecoderLayerConfiguration Sequences(Random random, int maxSeqLen)
    {
        int seqLen = random.Next(1, maxSeqLen + 1);
        return new CausalDecoderLayerConfiguration(0, default, 1, 1, 1, 1, maxSeqLen, seqLen, random.Next(1, seqLen + 1),
            random.Next(1, maxSeqLen + 1), false, false, ActivationKind.GeluTanh, 0, false, false, 1e-5);
    }

    /// <summary>A random divisor of <paramref name="heads"/>: 1 (multi-query), the heads themselves, or one between.</summary>
    private static int Divisor(int heads, Random random)
    {
        int[] divisors = Enumerable.Range(1, heads).Where(d => heads % d == 0).ToArray();
        return divisors[random.Next(divisors.Length)];
    }
}
