namespace AttnGen.Golden.Tests;

/// <summary>After construction, <c>Forward</c> allocates nothing: every buffer is sized by the declared shape up front.</summary>
public sealed class AllocationTests
{
    private const int Batch = 3;

    [Fact]
    public void Self_attention_with_weights_output_allocates_nothing() =>
        AssertNoAllocation(new MhaCausal(MhaCausal.Weights.Random(1)), MhaCausal.SeqLen * MhaCausal.DModel,
            MhaCausal.Heads * MhaCausal.SeqLen * MhaCausal.KvSeqLen, (block, x, y, w) => block.Forward(x, y, w));

    [Fact]
    public void Cross_attention_allocates_nothing()
    {
        float[] memory = Inputs(Batch * MhaCross.KvSeqLen * MhaCross.DModel);
        AssertNoAllocation(new MhaCross(MhaCross.Weights.Random(2)), MhaCross.SeqLen * MhaCross.DModel,
            MhaCross.Heads * MhaCross.SeqLen * MhaCross.KvSeqLen, (block, x, y, w) => block.Forward(x, memory, y, w));
    }

    [Fact]
    public void Masked_attention_allocates_nothing()
    {
        int[] keyLengths = [0, 5, MhaKeyPadding.KvSeqLen];
        AssertNoAllocation(new MhaKeyPadding(MhaKeyPadding.Weights.Random(3)), MhaKeyPadding.SeqLen * MhaKeyPadding.DModel,
            0, (block, x, y, _) => block.Forward(x, keyLengths, y));
        float[] mask = Inputs(MhaExplicitAdditive.SeqLen * MhaExplicitAdditive.KvSeqLen);
        AssertNoAllocation(new MhaExplicitAdditive(MhaExplicitAdditive.Weights.Random(4)), MhaExplicitAdditive.SeqLen * MhaExplicitAdditive.DModel,
            0, (block, x, y, _) => block.Forward(x, mask, y));
    }

    private delegate void Call<in T>(T block, float[] x, float[] y, float[] weights);

    private static void AssertNoAllocation<T>(T block, int sampleLength, int weightsPerSample, Call<T> forward)
    {
        float[] x = Inputs(Batch * sampleLength);
        var y = new float[Batch * sampleLength];
        var weights = new float[Batch * weightsPerSample];
        forward(block, x, y, weights); // warm up: JIT, statics

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++)
        {
            forward(block, x, y, weights);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.Contains(y, value => value != 0f);
    }

    private static float[] Inputs(int length)
    {
        var random = new Random(length);
        return Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
    }
}
