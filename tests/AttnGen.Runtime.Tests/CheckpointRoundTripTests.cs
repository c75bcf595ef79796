namespace AttnGen.Runtime.Tests;

/// <summary>
/// A multi-layer BERT checkpoint in HuggingFace's layout under <c>bert.</c>, written with <see cref="SafeTensorsWriter"/>
/// in F32, F16 and BF16 and read back block by block, as a user loads a real model.
/// </summary>
public sealed class CheckpointRoundTripTests
{
    private const int D = 8;
    private const int H = 16;
    private const int Layers = 3;
    private const int Vocab = 30;
    private const int Positions = 12;
    private const int Types = 2;

    private static readonly EncoderLayerParameters[] OriginalLayers =
        [.. Enumerable.Range(0, Layers).Select(i => EncoderLayerParameters.Random(D, H, seed: 100 + i))];

    private static readonly BertEmbeddingsParameters OriginalEmbeddings =
        BertEmbeddingsParameters.Random(Vocab, Positions, Types, D, seed: 99);

    /// <summary>A layer's tensors under their HuggingFace names, in a fixed order.</summary>
    private static (string Name, int[] Shape, float[] Values)[] LayerTensors(EncoderLayerParameters p, string prefix) =>
    [
        (prefix + "attention.self.query.weight", [D, D], p.Attention.QueryWeight),
        (prefix + "attention.self.query.bias", [D], p.Attention.QueryBias!),
        (prefix + "attention.self.key.weight", [D, D], p.Attention.KeyWeight),
        (prefix + "attention.self.key.bias", [D], p.Attention.KeyBias!),
        (prefix + "attention.self.value.weight", [D, D], p.Attention.ValueWeight),
        (prefix + "attention.self.value.bias", [D], p.Attention.ValueBias!),
        (prefix + "attention.output.dense.weight", [D, D], p.Attention.OutputWeight),
        (prefix + "attention.output.dense.bias", [D], p.Attention.OutputBias!),
        (prefix + "attention.output.LayerNorm.weight", [D], p.Norm1.Weight),
        (prefix + "attention.output.LayerNorm.bias", [D], p.Norm1.Bias),
        (prefix + "intermediate.dense.weight", [H, D], p.FeedForward.InputWeight),
        (prefix + "intermediate.dense.bias", [H], p.FeedForward.InputBias!),
        (prefix + "output.dense.weight", [D, H], p.FeedForward.OutputWeight),
        (prefix + "output.dense.bias", [D], p.FeedForward.OutputBias!),
        (prefix + "output.LayerNorm.weight", [D], p.Norm2.Weight),
        (prefix + "output.LayerNorm.bias", [D], p.Norm2.Bias),
    ];

    private static (string Name, int[] Shape, float[] Values)[] EmbeddingTensors(BertEmbeddingsParameters p) =>
    [
        ("bert.embeddings.word_embeddings.weight", [Vocab, D], p.WordEmbeddings),
        ("bert.embeddings.position_embeddings.weight", [Positions, D], p.PositionEmbeddings),
        ("bert.embeddings.token_type_embeddings.weight", [Types, D], p.TokenTypeEmbeddings),
        ("bert.embeddings.LayerNorm.weight", [D], p.Norm.Weight),
        ("bert.embeddings.LayerNorm.bias", [D], p.Norm.Bias),
    ];

    private static string LayerPrefix(int layer) => $"bert.encoder.layer.{layer}.";

    /// <summary>Every tensor of the checkpoint, plus a pooler the loaders must ignore.</summary>
    private static IEnumerable<(string Name, int[] Shape, float[] Values)> CheckpointTensors() =>
        EmbeddingTensors(OriginalEmbeddings)
            .Concat(OriginalLayers.SelectMany((layer, i) => LayerTensors(layer, LayerPrefix(i))))
            .Append(("bert.pooler.dense.weight", [D, D], new float[D * D]));

    private static SafeTensor Encode(string dtype, (string Name, int[] Shape, float[] Values) t) => dtype switch
    {
        "F32" => SafeTensor.FromFloat32(t.Name, t.Shape, t.Values),
        "F16" => SafeTensor.FromFloat16(t.Name, t.Shape, t.Values),
        "BF16" => SafeTensor.FromBFloat16(t.Name, t.Shape, t.Values),
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, null),
    };

    /// <summary>What <paramref name="value"/> reads back as after storing it in <paramref name="dtype"/>.</summary>
    private static float Stored(string dtype, float value) => dtype switch
    {
        "F32" => value,
        // Half: 10 fraction bits, subnormal below 2^−14. BF16: 7 fraction bits, float32's exponent range.
        "F16" => RoundToNearestEven(value, fractionBits: 10, minExponent: -14),
        "BF16" => RoundToNearestEven(value, fractionBits: 7, minExponent: -126),
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, null),
    };

    /// <summary>
    /// Rounds to the nearest value with <paramref name="fractionBits"/> bits after the leading one, ties to even, with
    /// a fixed spacing below 2^<paramref name="minExponent"/> (subnormals). Computed in double, where every step is
    /// exact: dividing and multiplying by a power of two, and rounding to an integer.
    /// </summary>
    private static float RoundToNearestEven(float value, int fractionBits, int minExponent)
    {
        double spacing = Math.ScaleB(1.0, Math.Max(Math.ILogB(value), minExponent) - fractionBits);
        return (float)(Math.Round(value / spacing, MidpointRounding.ToEven) * spacing);
    }

    private static SafeTensorsFile WriteAndOpen(string dtype) =>
        SafeTensorsFile.FromBytes(SafeTensorsWriter.ToBytes(CheckpointTensors().Select(t => Encode(dtype, t))));

    /// <summary>Names of the tensors whose loaded values are not exactly the originals as stored in <paramref name="dtype"/>.</summary>
    private static string[] Mismatches(string dtype,
        (string Name, int[] Shape, float[] Values)[] original, (string Name, int[] Shape, float[] Values)[] loaded) =>
        [.. original.Zip(loaded)
            .Where(pair => !pair.First.Values.Select(x => Stored(dtype, x)).SequenceEqual(pair.Second.Values))
            .Select(pair => pair.First.Name)];

    [Theory]
    [InlineData("F32")]
    [InlineData("F16")]
    [InlineData("BF16")]
    public void EveryLayer_ReadsBackAsStored(string dtype)
    {
        using SafeTensorsFile file = WriteAndOpen(dtype);

        for (int i = 0; i < Layers; i++)
        {
            EncoderLayerParameters loaded = EncoderLayerWeightNames.Load(file, LayerPrefix(i), D, H);

            Assert.Empty(Mismatches(dtype, LayerTensors(OriginalLayers[i], ""), LayerTensors(loaded, "")));
        }
    }

    [Theory]
    [InlineData("F32")]
    [InlineData("F16")]
    [InlineData("BF16")]
    public void Embeddings_ReadBackAsStored(string dtype)
    {
        using SafeTensorsFile file = WriteAndOpen(dtype);

        BertEmbeddingsParameters loaded = BertEmbeddingsWeightNames.Load(file, "bert.embeddings.", Vocab, Positions, Types, D);

        Assert.Empty(Mismatches(dtype, EmbeddingTensors(OriginalEmbeddings), EmbeddingTensors(loaded)));
    }

    [Theory]
    [InlineData("F32")]
    [InlineData("F16")]
    [InlineData("BF16")]
    public void EachLayer_GetsItsOwnValues_NotAnotherLayers(string dtype)
    {
        using SafeTensorsFile file = WriteAndOpen(dtype);

        EncoderLayerParameters[] loaded = [.. Enumerable.Range(0, Layers).Select(i => EncoderLayerWeightNames.Load(file, LayerPrefix(i), D, H))];

        for (int i = 0; i < Layers; i++)
        {
            for (int j = 0; j < Layers; j++)
            {
                if (i != j)
                {
                    var other = LayerTensors(OriginalLayers[j], "");
                    Assert.Equal(other.Length, Mismatches(dtype, other, LayerTensors(loaded[i], "")).Length);
                }
            }
        }
    }

    [Theory]
    [InlineData("F16")]
    [InlineData("BF16")]
    public void HalfPrecisionFormats_ReallyRound(string dtype)
    {
        // Guards the tests above: if nothing were rounded, they would not show the reduced formats are read correctly.
        float[] values = [.. CheckpointTensors().SelectMany(t => t.Values)];

        Assert.True(values.Count(x => Stored(dtype, x) != x) > values.Length / 2);
        Assert.All(values, x => Assert.True(Math.Abs(Stored(dtype, x) - x) <= Math.Abs(x) * (dtype == "F16" ? 1 / 2048f : 1 / 256f) + 1e-7f));
    }

    [Fact]
    public void F32CheckpointOnDisk_ReadsBackExactly()
    {
        using TempFile path = TestFiles.Temp();
        SafeTensorsWriter.Write(path.Path, CheckpointTensors().Select(t => Encode("F32", t)));
        using SafeTensorsFile file = SafeTensorsFile.Open(path.Path);

        EncoderLayerParameters last = EncoderLayerWeightNames.Load(file, LayerPrefix(Layers - 1), D, H);
        BertEmbeddingsParameters embeddings = BertEmbeddingsWeightNames.Load(file, "bert.embeddings.", Vocab, Positions, Types, D);

        Assert.Empty(Mismatches("F32", LayerTensors(OriginalLayers[^1], ""), LayerTensors(last, "")));
        Assert.Empty(Mismatches("F32", EmbeddingTensors(OriginalEmbeddings), EmbeddingTensors(embeddings)));
    }

    [Fact]
    public void RoundToNearestEven_AgreesWithKnownValues()
    {
        // 1 + 2^−11 is halfway between halves 1 and 1 + 2^−10: ties go to the even significand, 1.
        Assert.Equal(1f, RoundToNearestEven(1 + MathF.ScaleB(1, -11), 10, -14));
        Assert.Equal(1 + MathF.ScaleB(1, -9), RoundToNearestEven(1 + 3 * MathF.ScaleB(1, -11), 10, -14));
        Assert.Equal(MathF.ScaleB(1, -24), RoundToNearestEven(MathF.ScaleB(1.2f, -24), 10, -14));
        Assert.Equal(1.0078125f, RoundToNearestEven(1.01f, 7, -126));
        Assert.Equal(0f, RoundToNearestEven(0f, 7, -126));
    }
}
