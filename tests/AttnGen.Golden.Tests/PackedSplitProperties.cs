using CsCheck;

namespace AttnGen.Golden.Tests;

/// <summary>
/// <c>ForwardPacked</c> of any split of sequences gives each sequence bit for bit what it gives alone: random lengths
/// 0…SeqLen, one to eight sequences, for self-attention, an encoder layer and a feed-forward block.
/// </summary>
public sealed class PackedSplitProperties
{
    [Fact]
    public void Attention_sequences_packed_at_random_equal_each_alone()
    {
        var weights = MhaKeyPadding.Weights.Random(4);
        AssertEachAlone(MhaKeyPadding.SeqLen, MhaKeyPadding.DModel, () => new MhaKeyPadding(weights).ForwardPacked);
    }

    [Fact]
    public void Encoder_layer_sequences_packed_at_random_equal_each_alone()
    {
        var weights = BertLayer.Weights.Random(7);
        AssertEachAlone(BertLayer.SeqLen, BertLayer.DModel, () => new BertLayer(weights).ForwardPacked);
    }

    [Fact]
    public void Feed_forward_sequences_packed_at_random_equal_each_alone()
    {
        var weights = FfnGelu.Weights.Random(6);
        AssertEachAlone(16, FfnGelu.DModel, () => new FfnGelu(weights).ForwardPacked);
    }

    /// <param name="instance">A new instance over shared weights: CsCheck samples on several threads, one instance each.</param>
    private static void AssertEachAlone(int seqLen, int dModel, Func<Packed> instance)
    {
        Gen.Int[0, seqLen].Array[1, 8].Sample(lengths =>
        {
            Packed forwardPacked = instance();
            float[] tokens = RandomInputs.Of(lengths.Sum() * dModel);
            var packed = new float[tokens.Length];
            forwardPacked(tokens, lengths, packed);

            int row = 0;
            foreach (int length in lengths)
            {
                var alone = new float[length * dModel];
                forwardPacked(tokens.AsSpan(row * dModel, alone.Length), [length], alone);
                Assert.Equal(alone, packed.AsSpan(row * dModel, alone.Length).ToArray());
                row += length;
            }
        }, iter: 60);
    }

    private delegate void Packed(ReadOnlySpan<float> tokens, ReadOnlySpan<int> lengths, Span<float> y);
}
