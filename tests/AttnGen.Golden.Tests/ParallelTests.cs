using AttnGen.Testing;

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

        new BertLayer(BertLayer.Weights.Load(CaseWeights.Of(file)), team).Forward(file.ReadFloat32("input.x"), file.ReadInt32("input.key_lengths"), y);

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
/// Counts the allocations of every thread that runs a part — the caller and the team's workers — through each thread's
/// own counter, read by a part running on that thread (part i always runs on the same thread).
/// </summary>
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
        var counters = new long[team.Threads];
        var before = new long[team.Threads];
        Action<int> readCounters = part => counters[part] = GC.GetAllocatedBytesForCurrentThread();
        first.Forward(x, middle);
        second.Forward(middle, y);

        team.Run(readCounters);
        counters.CopyTo(before, 0);
        for (int i = 0; i < 10; i++)
        {
            first.Forward(x, middle);
            second.Forward(middle, y);
        }

        team.Run(readCounters);
        Assert.Equal(before, counters);
        Assert.Contains(y, value => value != 0f);
    }
}
