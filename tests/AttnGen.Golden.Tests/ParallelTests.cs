namespace AttnGen.Golden.Tests;

/// <summary>
/// Layers run on a <see cref="WorkerTeam"/> give bit-for-bit the results of the calling thread alone, for any team
/// size (the work is split over panels, heads and rows, never over a sum), and still allocate nothing.
/// </summary>
public sealed class ParallelTests
{
    private const int Batch = 3;

    public static TheoryData<int> TeamSizes => new([2, 3, 5]);

    [Theory]
    [MemberData(nameof(TeamSizes))]
    public void Encoder_layers_are_bit_identical_on_any_team(int threads)
    {
        using var team = new WorkerTeam(threads);
        float[] x = RandomInputs.Of(Batch * BertLayer.SeqLen * BertLayer.DModel);
        int[] keyLengths = [BertLayer.SeqLen, 5, 0];
        AssertSame(
            y => new BertLayer(BertLayer.Weights.Random(1)).Forward(x, keyLengths, y),
            y => new BertLayer(BertLayer.Weights.Random(1), team).Forward(x, keyLengths, y), x.Length);

        float[] small = RandomInputs.Of(Batch * EncoderPreRelu.SeqLen * EncoderPreRelu.DModel);
        AssertSame(
            y => new EncoderPreRelu(EncoderPreRelu.Weights.Random(2)).Forward(small, y),
            y => new EncoderPreRelu(EncoderPreRelu.Weights.Random(2), team).Forward(small, y), small.Length);
    }

    [Theory]
    [MemberData(nameof(TeamSizes))]
    public void Decoder_layer_is_bit_identical_on_any_team(int threads)
    {
        using var team = new WorkerTeam(threads);
        float[] x = RandomInputs.Of(Batch * DecoderPostRelu.SeqLen * DecoderPostRelu.DModel);
        float[] memory = RandomInputs.Of(Batch * DecoderPostRelu.MemorySeqLen * DecoderPostRelu.DModel);
        AssertSame(
            y => new DecoderPostRelu(DecoderPostRelu.Weights.Random(3)).Forward(x, memory, y),
            y => new DecoderPostRelu(DecoderPostRelu.Weights.Random(3), team).Forward(x, memory, y), x.Length);
    }

    [Fact]
    public void Encoder_layer_on_a_team_matches_pytorch()
    {
        using var team = new WorkerTeam(2);
        using SafeTensorsFile file = GoldenCases.Open("bert_layer");
        float[] expected = file.ReadFloat32("expected.y");
        var y = new float[expected.Length];

        new BertLayer(BertLayer.Weights.Load(file), team).Forward(file.ReadFloat32("input.x"), file.ReadInt32("input.key_lengths"), y);

        AttnGen.Testing.Tolerance.AssertClose(expected, y, "bert_layer on 2 threads");
    }

    private static void AssertSame(Action<float[]> alone, Action<float[]> onTeam, int length)
    {
        var expected = new float[length];
        var actual = new float[length];
        alone(expected);
        onTeam(actual);
        Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), actual.Select(BitConverter.SingleToInt32Bits));
        Assert.Contains(actual, value => value != 0f);
    }
}

/// <summary>
/// Counts every thread's allocations, the team's workers included, so it runs alone: no other test may allocate meanwhile.
/// </summary>
[Collection(nameof(ParallelAllocationTests))]
[CollectionDefinition(nameof(ParallelAllocationTests), DisableParallelization = true)]
public sealed class ParallelAllocationTests
{
    [Fact]
    public void A_team_shared_by_several_layers_allocates_nothing_per_call()
    {
        const int Batch = 3;
        using var team = new WorkerTeam(2);
        var first = new EncoderPostGelu(EncoderPostGelu.Weights.Random(4), team);
        var second = new EncoderPostGelu(EncoderPostGelu.Weights.Random(5), team);
        float[] x = RandomInputs.Of(Batch * EncoderPostGelu.SeqLen * EncoderPostGelu.DModel);
        var middle = new float[x.Length];
        var y = new float[x.Length];
        first.Forward(x, middle);
        second.Forward(middle, y);

        long before = GC.GetTotalAllocatedBytes(precise: true);
        for (int i = 0; i < 10; i++)
        {
            first.Forward(x, middle);
            second.Forward(middle, y);
        }

        Assert.Equal(0, GC.GetTotalAllocatedBytes(precise: true) - before);
        Assert.Contains(y, value => value != 0f);
    }
}
