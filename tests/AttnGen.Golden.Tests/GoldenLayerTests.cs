using AttnGen.Testing;

namespace AttnGen.Golden.Tests;

/// <summary>
/// Every feed-forward, encoder, decoder, embedding and positional-encoding case from PyTorch, loaded through the
/// generated <c>Weights.Load</c> from the case file itself, as a user loads a checkpoint.
/// </summary>
public sealed class GoldenLayerTests
{
    private static readonly string[] Kinds =
        ["feed_forward", "transformer_encoder_layer", "transformer_decoder_layer", "bert_embeddings", "sinusoidal_positional_encoding"];

    /// <summary>Runs one case, writing the output it is checked on.</summary>
    private static readonly Dictionary<string, Action<SafeTensorsFile, Span<float>>> Runners = new()
    {
        ["ffn_gelu"] = (f, y) => new FfnGelu(FfnGelu.Weights.Load(CaseWeights.Of(f))).Forward(f.ReadFloat32("input.x"), y),
        ["encoder_post_gelu"] = (f, y) => new EncoderPostGelu(EncoderPostGelu.Weights.Load(CaseWeights.Of(f))).Forward(f.ReadFloat32("input.x"), y),
        ["encoder_pre_relu"] = (f, y) => new EncoderPreRelu(EncoderPreRelu.Weights.Load(CaseWeights.Of(f))).Forward(f.ReadFloat32("input.x"), y),
        ["encoder_causal_gelu_tanh"] = (f, y) => new EncoderCausalGeluTanh(EncoderCausalGeluTanh.Weights.Load(CaseWeights.Of(f))).Forward(f.ReadFloat32("input.x"), y),
        ["bert_layer"] = (f, y) => new BertLayer(BertLayer.Weights.Load(CaseWeights.Of(f))).Forward(f.ReadFloat32("input.x"), f.ReadInt32("input.key_lengths"), y),
        ["decoder_post_relu"] = (f, y) => new DecoderPostRelu(DecoderPostRelu.Weights.Load(CaseWeights.Of(f)))
            .Forward(f.ReadFloat32("input.x"), f.ReadFloat32("input.memory"), y),
        ["bert_embeddings"] = (f, y) => new GoldenBertEmbeddings(GoldenBertEmbeddings.Weights.Load(CaseWeights.Of(f)))
            .Forward(f.ReadInt32("input.input_ids"), f.ReadInt32("input.token_type_ids"), y),
        ["positional_encoding"] = (_, table) => GoldenPositionalEncoding.Table.CopyTo(table),
    };

    public static TheoryData<string> Cases => new(Kinds.SelectMany(GoldenCases.OfKind));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Output_matches_pytorch(string name)
    {
        Assert.True(Runners.TryGetValue(name, out var run), $"Golden case '{name}' has no declaration in GoldenLayers.cs.");
        using SafeTensorsFile file = GoldenCases.Open(name);
        string output = file.Metadata["kind"] == "sinusoidal_positional_encoding" ? "expected.table" : "expected.y";
        float[] expected = file.ReadFloat32(output);
        var actual = new float[expected.Length];

        run(file, actual);

        Tolerance.AssertClose(expected, actual, name);
    }

    [Fact]
    public void Every_declared_case_exists_in_the_golden_index() =>
        Assert.Equal(Runners.Keys.Order(), Kinds.SelectMany(GoldenCases.OfKind).Order());

    /// <summary>
    /// The decoder case again, decoded with a cache: each batch item's memory begins a cache, the first rows go in as a
    /// prefill, the rest one position at a time with both items stepped together; every row must match PyTorch.
    /// </summary>
    [Fact]
    public void Decoder_case_decoded_with_a_cache_matches_pytorch()
    {
        using SafeTensorsFile file = GoldenCases.Open("decoder_post_relu");
        var layer = new DecoderPostRelu(DecoderPostRelu.Weights.Load(CaseWeights.Of(file)));
        float[] x = file.ReadFloat32("input.x"), memory = file.ReadFloat32("input.memory"), expected = file.ReadFloat32("expected.y");
        const int d = DecoderPostRelu.DModel, length = DecoderPostRelu.SeqLen * d, prefill = 3;
        int batch = x.Length / length;
        Assert.True(batch >= 2, $"the case has {batch} batch items; stepping them together needs two");
        var caches = new DecoderPostRelu.Cache[batch];
        var y = new float[x.Length];
        for (int item = 0; item < batch; item++)
        {
            caches[item] = new DecoderPostRelu.Cache();
            layer.Begin(memory.AsSpan(item * DecoderPostRelu.MemorySeqLen * d, DecoderPostRelu.MemorySeqLen * d), caches[item]);
            layer.Forward(x.AsSpan(item * length, prefill * d), caches[item], y.AsSpan(item * length, prefill * d));
        }

        var rows = new float[batch * d];
        var stepped = new float[batch * d];
        for (int position = prefill; position < DecoderPostRelu.SeqLen; position++)
        {
            for (int item = 0; item < batch; item++)
            {
                x.AsSpan(item * length + position * d, d).CopyTo(rows.AsSpan(item * d));
            }

            layer.Step(rows, caches, stepped);
            for (int item = 0; item < batch; item++)
            {
                stepped.AsSpan(item * d, d).CopyTo(y.AsSpan(item * length + position * d));
            }
        }

        Tolerance.AssertClose(expected, y, "decoder_post_relu decoded with a cache");
    }

    [Fact]
    public void Positional_encoding_adds_its_rows_in_place()
    {
        using SafeTensorsFile file = GoldenCases.Open("positional_encoding");
        float[] table = file.ReadFloat32("expected.table");
        const int batch = 2, length = 7;
        float[] x = Enumerable.Range(0, batch * length * GoldenPositionalEncoding.DModel).Select(i => i * 0.001f).ToArray();
        float[] expected = x.Select((value, i) => value + table[i % (length * GoldenPositionalEncoding.DModel)]).ToArray();

        GoldenPositionalEncoding.AddTo(x, length);

        Tolerance.AssertClose(expected, x, "x + PE");
    }
}
