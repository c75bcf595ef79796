using AttnGen.Testing;

namespace AttnGen.Golden.Tests;

/// <summary>
/// The generated decoder-only layers on every case of <c>tests/data/decoding</c>, with weights loaded from the
/// checkpoint names: each sequence in one pass against PyTorch; a prefill then one position at a time, bit for bit
/// equal to the one pass; and every sequence of the batch stepped together, each row equal to its sequence alone.
/// </summary>
public sealed class GoldenDecodingTests
{
    private static readonly Dictionary<string, GoldenDecoder> Decoders = new()
    {
        ["gpt2"] = GoldenDecoder.Of((source, prefix) => GoldenGpt2.Weights.Load(source, prefix),
            w => new GoldenGpt2(w), () => new GoldenGpt2.Cache(),
            (l, x, c, y) => l.Forward(x, c, y), (l, x, c, y) => l.Step(x, c, y),
            (GoldenGpt2.DModel, GoldenGpt2.Heads, GoldenGpt2.KvHeads, GoldenGpt2.Hidden, GoldenGpt2.MaxSeqLen)),
        ["llama_mha"] = GoldenDecoder.Of((source, prefix) => GoldenLlamaMha.Weights.Load(source, prefix),
            w => new GoldenLlamaMha(w), () => new GoldenLlamaMha.Cache(),
            (l, x, c, y) => l.Forward(x, c, y), (l, x, c, y) => l.Step(x, c, y),
            (GoldenLlamaMha.DModel, GoldenLlamaMha.Heads, GoldenLlamaMha.KvHeads, GoldenLlamaMha.Hidden, GoldenLlamaMha.MaxSeqLen)),
        ["llama_gqa"] = GoldenDecoder.Of((source, prefix) => GoldenLlamaGqa.Weights.Load(source, prefix),
            w => new GoldenLlamaGqa(w), () => new GoldenLlamaGqa.Cache(),
            (l, x, c, y) => l.Forward(x, c, y), (l, x, c, y) => l.Step(x, c, y),
            (GoldenLlamaGqa.DModel, GoldenLlamaGqa.Heads, GoldenLlamaGqa.KvHeads, GoldenLlamaGqa.Hidden, GoldenLlamaGqa.MaxSeqLen)),
        ["llama_mqa_hd64"] = GoldenDecoder.Of((source, prefix) => GoldenLlamaMqa.Weights.Load(source, prefix),
            w => new GoldenLlamaMqa(w), () => new GoldenLlamaMqa.Cache(),
            (l, x, c, y) => l.Forward(x, c, y), (l, x, c, y) => l.Step(x, c, y),
            (GoldenLlamaMqa.DModel, GoldenLlamaMqa.Heads, GoldenLlamaMqa.KvHeads, GoldenLlamaMqa.Hidden, GoldenLlamaMqa.MaxSeqLen)),
        ["qwen2_qkv_bias"] = GoldenDecoder.Of((source, prefix) => GoldenQwen2.Weights.Load(source, prefix),
            w => new GoldenQwen2(w), () => new GoldenQwen2.Cache(),
            (l, x, c, y) => l.Forward(x, c, y), (l, x, c, y) => l.Step(x, c, y),
            (GoldenQwen2.DModel, GoldenQwen2.Heads, GoldenQwen2.KvHeads, GoldenQwen2.Hidden, GoldenQwen2.MaxSeqLen)),
        ["llama_hd80"] = GoldenDecoder.Of((source, prefix) => GoldenLlamaHeadDim80.Weights.Load(source, prefix),
            w => new GoldenLlamaHeadDim80(w), () => new GoldenLlamaHeadDim80.Cache(),
            (l, x, c, y) => l.Forward(x, c, y), (l, x, c, y) => l.Step(x, c, y),
            (GoldenLlamaHeadDim80.DModel, GoldenLlamaHeadDim80.Heads, GoldenLlamaHeadDim80.KvHeads, GoldenLlamaHeadDim80.Hidden, GoldenLlamaHeadDim80.MaxSeqLen)),
        ["llama_all_bias"] = GoldenDecoder.Of((source, prefix) => GoldenLlamaAllBias.Weights.Load(source, prefix),
            w => new GoldenLlamaAllBias(w), () => new GoldenLlamaAllBias.Cache(),
            (l, x, c, y) => l.Forward(x, c, y), (l, x, c, y) => l.Step(x, c, y),
            (GoldenLlamaAllBias.DModel, GoldenLlamaAllBias.Heads, GoldenLlamaAllBias.KvHeads, GoldenLlamaAllBias.Hidden, GoldenLlamaAllBias.MaxSeqLen)),
    };

    public static TheoryData<string> Cases => new(DecodingCase.Names());

    [Fact]
    public void Every_case_has_a_declaration()
    {
        Assert.Equal(DecodingCase.Names().Order(), Decoders.Keys.Order());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decoding_matches_pytorch_in_any_split(string name)
    {
        using SafeTensorsFile file = DecodingCase.Open(name);
        DecodingCase c = DecodingCase.Read(name, file);
        GoldenDecoder decoder = Decoders[name];
        Assert.Equal((c.DModel, c.Heads, c.KvHeads, c.Hidden, c.SeqLen), decoder.Shape);
        object layer = decoder.Load(file, c.Prefix);
        float[] x = file.ReadFloat32("input.x"), expected = file.ReadFloat32("expected.y");
        int length = c.SeqLen * c.DModel;

        // Each sequence in one pass, against PyTorch.
        var y = new float[x.Length];
        for (int b = 0; b < c.Batch; b++)
        {
            decoder.Calls.Forward(layer, x[(b * length)..((b + 1) * length)], decoder.Calls.NewCache()).CopyTo(y, b * length);
        }

        Tolerance.AssertClose(expected, y, name);

        // The prefill, then one position per call; every sequence of the batch together, by Step.
        object[] caches = [.. Enumerable.Range(0, c.Batch).Select(_ => decoder.Calls.NewCache())];
        var decoded = new float[x.Length];
        int prefill = c.Prefill * c.DModel;
        for (int b = 0; b < c.Batch; b++)
        {
            decoder.Calls.Forward(layer, x[(b * length)..(b * length + prefill)], caches[b]).CopyTo(decoded, b * length);
        }

        for (int position = c.Prefill; position < c.SeqLen; position++)
        {
            float[] rows = [.. Enumerable.Range(0, c.Batch).SelectMany(b => x.AsSpan(b * length + position * c.DModel, c.DModel).ToArray())];
            float[] stepped = decoder.Calls.Step(layer, rows, caches);
            for (int b = 0; b < c.Batch; b++)
            {
                stepped.AsSpan(b * c.DModel, c.DModel).CopyTo(decoded.AsSpan(b * length + position * c.DModel));
            }
        }

        Assert.True(y.AsSpan().SequenceEqual(decoded), $"{name}: a prefill of {c.Prefill} then steps differs from one pass");
    }
}
