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
        float[] memory = RandomInputs.Of(Batch * MhaCross.KvSeqLen * MhaCross.DModel);
        AssertNoAllocation(new MhaCross(MhaCross.Weights.Random(2)), MhaCross.SeqLen * MhaCross.DModel,
            MhaCross.Heads * MhaCross.SeqLen * MhaCross.KvSeqLen, (block, x, y, w) => block.Forward(x, memory, y, w));
    }

    [Fact]
    public void Masked_attention_allocates_nothing()
    {
        int[] keyLengths = [0, 5, MhaKeyPadding.KvSeqLen];
        AssertNoAllocation(new MhaKeyPadding(MhaKeyPadding.Weights.Random(3)), MhaKeyPadding.SeqLen * MhaKeyPadding.DModel,
            0, (block, x, y, _) => block.Forward(x, keyLengths, y));
        float[] mask = RandomInputs.Of(MhaExplicitAdditive.SeqLen * MhaExplicitAdditive.KvSeqLen);
        AssertNoAllocation(new MhaExplicitAdditive(MhaExplicitAdditive.Weights.Random(4)), MhaExplicitAdditive.SeqLen * MhaExplicitAdditive.DModel,
            0, (block, x, y, _) => block.Forward(x, mask, y));
    }

    [Fact]
    public void Feed_forward_allocates_nothing_for_any_row_count()
    {
        var block = new FfnGelu(FfnGelu.Weights.Random(5));
        AssertNoAllocation(block, FfnGelu.DModel, 0, (b, x, y, _) => b.Forward(x, y));
        AssertNoAllocation(block, 37 * FfnGelu.DModel, 0, (b, x, y, _) => b.Forward(x, y));
    }

    [Fact]
    public void Encoder_layers_allocate_nothing()
    {
        AssertNoAllocation(new EncoderPostGelu(EncoderPostGelu.Weights.Random(6)), EncoderPostGelu.SeqLen * EncoderPostGelu.DModel,
            0, (block, x, y, _) => block.Forward(x, y));
        AssertNoAllocation(new EncoderPreRelu(EncoderPreRelu.Weights.Random(7)), EncoderPreRelu.SeqLen * EncoderPreRelu.DModel,
            0, (block, x, y, _) => block.Forward(x, y));
        int[] keyLengths = [BertLayer.SeqLen, 3, 0];
        AssertNoAllocation(new BertLayer(BertLayer.Weights.Random(8)), BertLayer.SeqLen * BertLayer.DModel,
            0, (block, x, y, _) => block.Forward(x, keyLengths, y));
    }

    [Fact]
    public void Decoder_layer_allocates_nothing()
    {
        float[] memory = RandomInputs.Of(Batch * DecoderPostRelu.MemorySeqLen * DecoderPostRelu.DModel);
        AssertNoAllocation(new DecoderPostRelu(DecoderPostRelu.Weights.Random(9)), DecoderPostRelu.SeqLen * DecoderPostRelu.DModel,
            0, (block, x, y, _) => block.Forward(x, memory, y));
    }

    [Fact]
    public void Positional_encoding_allocates_nothing() =>
        AssertNoAllocation<object?>(null, 20 * GoldenPositionalEncoding.DModel, 0, (_, _, y, _) => GoldenPositionalEncoding.AddTo(y, 20));

    [Fact]
    public void Bert_embeddings_allocate_nothing()
    {
        var embeddings = new GoldenBertEmbeddings(GoldenBertEmbeddings.Weights.Random(10));
        int[] ids = Enumerable.Range(0, Batch * GoldenBertEmbeddings.SeqLen).Select(i => i * 7 % GoldenBertEmbeddings.VocabSize).ToArray();
        int[] types = ids.Select(id => id % 2).ToArray();
        AssertNoAllocation(embeddings, GoldenBertEmbeddings.SeqLen * GoldenBertEmbeddings.DModel, 0, (block, _, y, _) => block.Forward(ids, types, y));
        AssertNoAllocation(embeddings, GoldenBertEmbeddings.SeqLen * GoldenBertEmbeddings.DModel, 0, (block, _, y, _) => block.Forward(ids, default, y));
    }

    /// <summary>Batch × SeqLen rows in sequences of uneven lengths, one of them empty: several chunks, every tile remainder.</summary>
    private static int[] PackedLengths(int seqLen) => [seqLen - 1, 1, 0, seqLen, seqLen - 2, 2];

    [Fact]
    public void Packed_attention_allocates_nothing()
    {
        int[] lengths = PackedLengths(MhaCausal.SeqLen);
        AssertNoAllocation(new MhaCausal(MhaCausal.Weights.Random(11)), MhaCausal.SeqLen * MhaCausal.DModel,
            0, (block, x, y, _) => block.ForwardPacked(x, lengths, y));
    }

    [Fact]
    public void Packed_encoder_layer_allocates_nothing()
    {
        int[] lengths = PackedLengths(BertLayer.SeqLen);
        AssertNoAllocation(new BertLayer(BertLayer.Weights.Random(12)), BertLayer.SeqLen * BertLayer.DModel,
            0, (block, x, y, _) => block.ForwardPacked(x, lengths, y));
    }

    [Fact]
    public void Packed_feed_forward_allocates_nothing()
    {
        int[] lengths = [4, 0, 11];
        AssertNoAllocation(new FfnGelu(FfnGelu.Weights.Random(13)), 5 * FfnGelu.DModel, 0, (block, x, y, _) => block.ForwardPacked(x, lengths, y));
    }

    [Fact]
    public void Packed_bert_embeddings_allocate_nothing()
    {
        int[] lengths = PackedLengths(GoldenBertEmbeddings.SeqLen);
        int[] ids = [.. Enumerable.Range(0, Batch * GoldenBertEmbeddings.SeqLen).Select(i => i * 7 % GoldenBertEmbeddings.VocabSize)];
        AssertNoAllocation(new GoldenBertEmbeddings(GoldenBertEmbeddings.Weights.Random(14)), GoldenBertEmbeddings.SeqLen * GoldenBertEmbeddings.DModel, 0,
            (block, _, y, _) => block.ForwardPacked(ids, default, lengths, y));
    }

    /// <summary>A prefill, a single position, and a step over three caches at different lengths, from reset caches.</summary>
    [Fact]
    public void Decoding_allocates_nothing()
    {
        const int D = GoldenLlamaGqa.DModel;
        var layer = new GoldenLlamaGqa(GoldenLlamaGqa.Weights.Random(15));
        GoldenLlamaGqa.Cache[] caches = [new(), new(), new()];
        float[] prompt = RandomInputs.Of(5 * D), token = RandomInputs.Of(D), tokens = RandomInputs.Of(3 * D);
        var y = new float[5 * D];
        void Decode()
        {
            foreach (GoldenLlamaGqa.Cache cache in caches)
            {
                cache.Reset();
            }

            layer.Forward(prompt, caches[0], y);
            layer.Forward(token, caches[0], y.AsSpan(0, D));
            layer.Forward(prompt.AsSpan(0, 2 * D), caches[1], y.AsSpan(0, 2 * D));
            layer.Step(tokens, caches, y.AsSpan(0, 3 * D));
        }

        Decode(); // warm up: JIT, statics (the rotary tables)
        Assert.Equal(0, FewestBytesPerRound(Decode));
        Assert.Equal([7, 3, 1], caches.Select(cache => cache.Length));
        Assert.Contains(y, value => value != 0f);
    }

    /// <summary>An encoder–decoder layer's decoding: two caches begun on memories, a prefill, a single position, a step over both.</summary>
    [Fact]
    public void Decoder_layer_decoding_allocates_nothing()
    {
        const int D = DecoderPostRelu.DModel;
        var layer = new DecoderPostRelu(DecoderPostRelu.Weights.Random(16));
        DecoderPostRelu.Cache[] caches = [new(), new()];
        float[] memory = RandomInputs.Of(DecoderPostRelu.MemorySeqLen * D), prompt = RandomInputs.Of(4 * D), tokens = RandomInputs.Of(2 * D);
        var y = new float[4 * D];
        void Decode()
        {
            foreach (DecoderPostRelu.Cache cache in caches)
            {
                layer.Begin(memory, cache);
            }

            layer.Forward(prompt, caches[0], y);
            layer.Forward(prompt.AsSpan(0, D), caches[1], y.AsSpan(0, D));
            layer.Step(tokens, caches, y.AsSpan(0, 2 * D));
        }

        Decode(); // warm up: JIT
        Assert.Equal(0, FewestBytesPerRound(Decode));
        Assert.Equal([5, 2], caches.Select(cache => cache.Length));
        Assert.Contains(y, value => value != 0f);
    }

    private delegate void Call<in T>(T block, float[] x, float[] y, float[] weights);

    private static void AssertNoAllocation<T>(T block, int sampleLength, int weightsPerSample, Call<T> forward)
    {
        float[] x = RandomInputs.Of(Batch * sampleLength);
        var y = new float[Batch * sampleLength];
        var weights = new float[Batch * weightsPerSample];
        forward(block, x, y, weights); // warm up: JIT, statics

        Assert.Equal(0, FewestBytesPerRound(() => forward(block, x, y, weights)));
        Assert.Contains(y, value => value != 0f);
    }

    /// <summary>
    /// The fewest bytes <paramref name="call"/> allocated on this thread in any of three rounds of ten calls. A call that
    /// allocates does so in every round; the runtime's own one-time work (tiering a hot method up mid-test, seen once in
    /// CI on the Vector128 path) lands in one round only, so it cannot fail the test, and an allocating call still does.
    /// </summary>
    private static long FewestBytesPerRound(Action call)
    {
        long fewest = long.MaxValue;
        for (int round = 0; round < 3; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 10; i++)
            {
                call();
            }

            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return fewest;
    }
}
