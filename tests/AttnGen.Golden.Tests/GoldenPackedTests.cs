using AttnGen.Testing;

namespace AttnGen.Golden.Tests;

/// <summary>
/// The key-padding cases from PyTorch, run packed: each batch item's valid tokens only, one item after another, must
/// give PyTorch's padded result on those rows (a sequence's queries see exactly its own keys either way).
/// </summary>
public sealed class GoldenPackedTests
{
    private delegate void PackedRun(SafeTensorsFile file, float[] tokens, int[] lengths, float[] y);

    private static readonly Dictionary<string, (int SeqLen, int DModel, PackedRun Run)> Runners = new()
    {
        ["mha_key_padding"] = (MhaKeyPadding.SeqLen, MhaKeyPadding.DModel,
            (f, tokens, lengths, y) => new MhaKeyPadding(MhaKeyPadding.Weights.Load(CaseWeights.Of(f))).ForwardPacked(tokens, lengths, y)),
        ["bert_layer"] = (BertLayer.SeqLen, BertLayer.DModel,
            (f, tokens, lengths, y) => new BertLayer(BertLayer.Weights.Load(CaseWeights.Of(f))).ForwardPacked(tokens, lengths, y)),
    };

    public static TheoryData<string> Cases => new(Runners.Keys);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Packed_valid_rows_match_pytorch(string name)
    {
        (int seqLen, int dModel, PackedRun run) = Runners[name];
        using SafeTensorsFile file = GoldenCases.Open(name);
        int[] lengths = file.ReadInt32("input.key_lengths");
        Assert.Contains(lengths, length => length < seqLen); // the case exercises padding
        float[] tokens = ValidRows(file.ReadFloat32("input.x"), lengths, seqLen, dModel);
        float[] expected = ValidRows(file.ReadFloat32("expected.y"), lengths, seqLen, dModel);
        var y = new float[tokens.Length];

        run(file, tokens, lengths, y);

        Tolerance.AssertClose(expected, y, name + " packed");
    }

    /// <summary>Each batch item's first <c>lengths[b]</c> rows of a padded <c>[batch, seqLen, dModel]</c> tensor, packed.</summary>
    private static float[] ValidRows(float[] padded, int[] lengths, int seqLen, int dModel) =>
        [.. lengths.SelectMany((length, b) => padded.AsSpan(b * seqLen * dModel, length * dModel).ToArray())];
}
