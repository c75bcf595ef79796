namespace AttnGen.Golden.Tests;

/// <summary>
/// An output may be its input exactly (in place, bit-identical to a separate output) for every kind that has an input
/// of floats; any other overlap between an output and an input is refused before anything is written.
/// </summary>
public sealed class OverlapTests
{
    private const int Batch = 2;

    [Fact]
    public void Every_kind_runs_in_place_bit_identically()
    {
        int[] keyLengths = [MhaKeyPadding.KvSeqLen, 5];
        float[] memory = RandomInputs.Of(Batch * MhaCross.KvSeqLen * MhaCross.DModel);
        float[] mask = RandomInputs.Of(MhaExplicitAdditive.SeqLen * MhaExplicitAdditive.KvSeqLen);
        float[] decoderMemory = RandomInputs.Of(Batch * DecoderPostRelu.MemorySeqLen * DecoderPostRelu.DModel);
        int[] bertLengths = [BertLayer.SeqLen, 3];
        int[] lengths = [5, 0, 12, 1];

        AssertInPlace(Batch * MhaSelf.SeqLen * MhaSelf.DModel, (x, y) => new MhaSelf(MhaSelf.Weights.Random(1)).Forward(x, y));
        AssertInPlace(Batch * MhaCausal.SeqLen * MhaCausal.DModel, (x, y) => new MhaCausal(MhaCausal.Weights.Random(2)).Forward(x, y));
        AssertInPlace(Batch * MhaCross.SeqLen * MhaCross.DModel, (x, y) => new MhaCross(MhaCross.Weights.Random(3)).Forward(x, memory, y));
        AssertInPlace(Batch * MhaKeyPadding.SeqLen * MhaKeyPadding.DModel,
            (x, y) => new MhaKeyPadding(MhaKeyPadding.Weights.Random(4)).Forward(x, keyLengths, y));
        AssertInPlace(Batch * MhaExplicitAdditive.SeqLen * MhaExplicitAdditive.DModel,
            (x, y) => new MhaExplicitAdditive(MhaExplicitAdditive.Weights.Random(5)).Forward(x, mask, y));
        AssertInPlace(37 * FfnGelu.DModel, (x, y) => new FfnGelu(FfnGelu.Weights.Random(6)).Forward(x, y));
        AssertInPlace(Batch * BertLayer.SeqLen * BertLayer.DModel, (x, y) => new BertLayer(BertLayer.Weights.Random(7)).Forward(x, bertLengths, y));
        AssertInPlace(Batch * EncoderPreRelu.SeqLen * EncoderPreRelu.DModel, (x, y) => new EncoderPreRelu(EncoderPreRelu.Weights.Random(8)).Forward(x, y));
        AssertInPlace(Batch * DecoderPostRelu.SeqLen * DecoderPostRelu.DModel,
            (x, y) => new DecoderPostRelu(DecoderPostRelu.Weights.Random(9)).Forward(x, decoderMemory, y));

        AssertInPlace(lengths.Sum() * MhaKeyPadding.DModel, (x, y) => new MhaKeyPadding(MhaKeyPadding.Weights.Random(4)).ForwardPacked(x, lengths, y));
        AssertInPlace(lengths.Sum() * BertLayer.DModel, (x, y) => new BertLayer(BertLayer.Weights.Random(7)).ForwardPacked(x, lengths, y));
        AssertInPlace(lengths.Sum() * FfnGelu.DModel, (x, y) => new FfnGelu(FfnGelu.Weights.Random(6)).ForwardPacked(x, lengths, y));

        const int D = GoldenLlamaGqa.DModel;
        AssertInPlace(5 * D, (x, y) => new GoldenLlamaGqa(GoldenLlamaGqa.Weights.Random(10)).Forward(x, new GoldenLlamaGqa.Cache(), y));
        AssertInPlace(3 * D, (x, y) => new GoldenLlamaGqa(GoldenLlamaGqa.Weights.Random(10)).Step(x, [new(), new(), new()], y));
        AssertInPlace(5 * DecoderPostRelu.DModel, (x, y) => BegunDecoder(out var cache).Forward(x, cache, y));
        AssertInPlace(DecoderPostRelu.DModel, (x, y) => BegunDecoder(out var cache).Step(x, [cache], y));
    }

    /// <summary>A decoder layer and a cache begun on a random memory, ready to decode.</summary>
    private static DecoderPostRelu BegunDecoder(out DecoderPostRelu.Cache cache)
    {
        var layer = new DecoderPostRelu(DecoderPostRelu.Weights.Random(9));
        cache = new DecoderPostRelu.Cache();
        layer.Begin(RandomInputs.Of(DecoderPostRelu.MemorySeqLen * DecoderPostRelu.DModel), cache);
        return layer;
    }

    [Fact]
    public void Attention_output_one_row_after_its_input_is_refused()
    {
        // The case from the issue: y one row into x, batch 2, gave errors up to 1.56 without a word.
        const int length = Batch * MhaSelf.SeqLen * MhaSelf.DModel;
        var block = new MhaSelf(MhaSelf.Weights.Random(1));
        AssertRefused(length, MhaSelf.DModel, "x", "y", (x, y) => block.Forward(x, y));
        AssertRefused(length, -MhaSelf.DModel, "x", "y", (x, y) => block.Forward(x, y));
    }

    [Fact]
    public void Every_kind_refuses_an_output_partly_over_an_input()
    {
        int[] bertLengths = [BertLayer.SeqLen, 3];
        int[] lengths = [5, 0, 12, 1];
        float[] memory = RandomInputs.Of(Batch * DecoderPostRelu.MemorySeqLen * DecoderPostRelu.DModel);

        AssertRefused(37 * FfnGelu.DModel, 1, "x", "y", (x, y) => new FfnGelu(FfnGelu.Weights.Random(6)).Forward(x, y));
        AssertRefused(Batch * BertLayer.SeqLen * BertLayer.DModel, BertLayer.DModel, "x", "y",
            (x, y) => new BertLayer(BertLayer.Weights.Random(7)).Forward(x, bertLengths, y));
        AssertRefused(Batch * DecoderPostRelu.SeqLen * DecoderPostRelu.DModel, -3, "x", "y",
            (x, y) => new DecoderPostRelu(DecoderPostRelu.Weights.Random(9)).Forward(x, memory, y));
        AssertRefused(5 * GoldenLlamaGqa.DModel, 1, "x", "y",
            (x, y) => new GoldenLlamaGqa(GoldenLlamaGqa.Weights.Random(10)).Forward(x, new GoldenLlamaGqa.Cache(), y));
        AssertRefused(3 * GoldenLlamaGqa.DModel, -GoldenLlamaGqa.DModel, "x", "y",
            (x, y) => new GoldenLlamaGqa(GoldenLlamaGqa.Weights.Random(10)).Step(x, [new(), new(), new()], y));
        AssertRefused(4 * DecoderPostRelu.DModel, 2, "x", "y", (x, y) => BegunDecoder(out var cache).Forward(x, cache, y));
        AssertRefused(lengths.Sum() * MhaKeyPadding.DModel, MhaKeyPadding.DModel, "tokens", "y",
            (x, y) => new MhaKeyPadding(MhaKeyPadding.Weights.Random(4)).ForwardPacked(x, lengths, y));
        AssertRefused(lengths.Sum() * BertLayer.DModel, BertLayer.DModel, "tokens", "y",
            (x, y) => new BertLayer(BertLayer.Weights.Random(7)).ForwardPacked(x, lengths, y));
        AssertRefused(lengths.Sum() * FfnGelu.DModel, -FfnGelu.DModel, "tokens", "y",
            (x, y) => new FfnGelu(FfnGelu.Weights.Random(6)).ForwardPacked(x, lengths, y));
    }

    [Fact]
    public void Outputs_may_not_overlap_other_inputs_at_all()
    {
        // Exactly the same span as memory, a mask or the attention weights is refused too: only y = x is in place.
        const int xLength = Batch * MhaCross.SeqLen * MhaCross.DModel;
        var cross = new MhaCross(MhaCross.Weights.Random(3));
        float[] x = RandomInputs.Of(xLength);
        const int memoryLength = Batch * MhaCross.KvSeqLen * MhaCross.DModel;
        float[] shared = new float[memoryLength - 1 + xLength];
        AssertNames(() => cross.Forward(x, shared.AsSpan(0, memoryLength), shared.AsSpan(memoryLength - 1)), "memory", "y");

        var explicitMask = new MhaExplicitAdditive(MhaExplicitAdditive.Weights.Random(5));
        const int maskLength = MhaExplicitAdditive.SeqLen * MhaExplicitAdditive.KvSeqLen;
        float[] y = new float[MhaExplicitAdditive.SeqLen * MhaExplicitAdditive.DModel];
        AssertNames(() => explicitMask.Forward(RandomInputs.Of(y.Length), y.AsSpan(0, maskLength), y), "mask", "y");

        var causal = new MhaCausal(MhaCausal.Weights.Random(2));
        const int weightsLength = MhaCausal.Heads * MhaCausal.SeqLen * MhaCausal.KvSeqLen;
        float[] both = new float[weightsLength + MhaCausal.SeqLen * MhaCausal.DModel];
        AssertNames(() => causal.Forward(both.AsSpan(0, MhaCausal.SeqLen * MhaCausal.DModel), new float[MhaCausal.SeqLen * MhaCausal.DModel],
            both.AsSpan(0, weightsLength)), "x", "attentionWeights");
        AssertNames(() => causal.Forward(new float[MhaCausal.SeqLen * MhaCausal.DModel], both.AsSpan(0, MhaCausal.SeqLen * MhaCausal.DModel),
            both.AsSpan(MhaCausal.SeqLen * MhaCausal.DModel - 1, weightsLength)), "y", "attentionWeights");
    }

    private static void AssertInPlace(int length, SpanAction run)
    {
        float[] input = RandomInputs.Of(length);
        var expected = new float[length];
        run(input, expected);
        float[] buffer = (float[])input.Clone();
        run(buffer, buffer);
        Assert.Equal(expected, buffer);
    }

    /// <summary>An output shifted <paramref name="offset"/> elements from its input in one buffer is refused, the buffer untouched.</summary>
    private static void AssertRefused(int length, int offset, string input, string output, SpanAction run)
    {
        float[] buffer = RandomInputs.Of(length + Math.Abs(offset));
        float[] before = (float[])buffer.Clone();
        int inputStart = Math.Max(0, -offset), outputStart = Math.Max(0, offset);
        AssertNames(() => run(buffer.AsSpan(inputStart, length), buffer.AsSpan(outputStart, length)), input, output);
        Assert.Equal(before, buffer);
    }

    private static void AssertNames(Action call, string input, string output)
    {
        var e = Assert.Throws<ArgumentException>(call);
        Assert.Equal(output, e.ParamName);
        Assert.Contains($"{output} overlaps {input}", e.Message);
    }

    private delegate void SpanAction(Span<float> x, Span<float> y);
}
