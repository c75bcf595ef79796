using System.Text.Json;

namespace AttnGen.Runtime.Tests;

/// <summary>Every golden file (written by the Python safetensors library) opens, validates and reads.</summary>
public sealed class GoldenFileTests
{
    public static TheoryData<string> GoldenFiles() => [.. GoldenFileNames()];

    private static string[] GoldenFileNames() =>
        [.. Directory.GetFiles(TestFiles.GoldenDirectory, "*.safetensors").Select(p => Path.GetFileName(p)).Order(StringComparer.Ordinal)];

    [Fact]
    public void EveryCaseInIndex_HasAFile()
    {
        using var index = JsonDocument.Parse(File.ReadAllText(TestFiles.Golden("index.json")));
        string[] cases = [.. index.RootElement.EnumerateObject().Select(p => p.Name + ".safetensors").Order(StringComparer.Ordinal)];

        Assert.NotEmpty(cases);
        Assert.Equal(cases, GoldenFileNames());
    }

    [Theory]
    [MemberData(nameof(GoldenFiles))]
    public void GoldenFile_OpensAndEveryTensorReads(string fileName)
    {
        string path = TestFiles.Golden(fileName);
        using var mapped = SafeTensorsFile.Open(path);
        using var inMemory = SafeTensorsFile.FromBytes(File.ReadAllBytes(path));

        Assert.NotEmpty(mapped.Names);
        Assert.Equal(inMemory.Names, mapped.Names);
        Assert.Equal(inMemory.Metadata, mapped.Metadata);
        Assert.True(mapped.Metadata.ContainsKey("kind"));
        foreach (string name in mapped.Names)
        {
            TensorInfo info = mapped.GetInfo(name);
            Assert.Equal(info.Shape.Aggregate(1L, (a, d) => a * d), info.ElementCount);
            Assert.True(mapped.TryGetShape(name, out int[]? shape));
            Assert.Equal(info.Shape, shape);
            switch (info.DType)
            {
                case "F32":
                    float[] values = mapped.ReadFloat32(name);
                    Assert.Equal(info.ElementCount, values.Length);
                    Assert.Equal(inMemory.ReadFloat32(name), values);
                    break;
                case "I32" or "I64":
                    Assert.Equal(inMemory.ReadInt32(name), mapped.ReadInt32(name));
                    break;
                case "BOOL":
                    Assert.Equal(inMemory.ReadBool(name), mapped.ReadBool(name));
                    break;
                default:
                    Assert.Fail($"{fileName}: unexpected dtype {info.DType} for '{name}'");
                    break;
            }
        }
    }

    [Fact]
    public void MhaSelf_HeaderShapesAndMetadata()
    {
        using var file = SafeTensorsFile.Open(TestFiles.Golden("mha_self.safetensors"));

        Assert.Equal([192, 64], file.GetInfo("in_proj_weight").Shape);
        Assert.Equal([64], file.GetInfo("out_proj.bias").Shape);
        Assert.Equal([2, 16, 64], file.GetInfo("input.x").Shape);
        TensorInfo attn = file.GetInfo("expected.attn_weights");
        Assert.Equal(("expected.attn_weights", "F32", 2048L), (attn.Name, attn.DType, attn.ElementCount));
        Assert.Equal([2, 4, 16, 16], attn.Shape);
        Assert.Equal("multi_head_attention", file.Metadata["kind"]);
        Assert.Equal("64", file.Metadata["d_model"]);
        Assert.Equal("4", file.Metadata["heads"]);

        // Softmax rows of the attention weights sum to 1.
        float[] weights = file.ReadFloat32("expected.attn_weights");
        for (int row = 0; row < weights.Length / 16; row++)
        {
            Assert.Equal(1.0, weights.AsSpan(row * 16, 16).ToArray().Sum(w => (double)w), 5);
        }
    }

    [Fact]
    public void KeyPadding_LengthsAreI32()
    {
        using var file = SafeTensorsFile.Open(TestFiles.Golden("mha_key_padding.safetensors"));

        Assert.Equal("I32", file.GetInfo("input.key_lengths").DType);
        Assert.Equal([3], file.GetInfo("input.key_lengths").Shape);
        int[] lengths = file.ReadInt32("input.key_lengths");
        Assert.All(lengths, l => Assert.InRange(l, 1, 12));
        Assert.Contains(12, lengths);
        Assert.Contains("'input.key_lengths' is I32", Assert.Throws<InvalidDataException>(() => file.ReadFloat32("input.key_lengths")).Message);
    }

    [Fact]
    public void BertEmbeddings_TokenIdsAreI64WithinVocabulary()
    {
        using var file = SafeTensorsFile.Open(TestFiles.Golden("bert_embeddings.safetensors"));

        Assert.Equal("I64", file.GetInfo("input.input_ids").DType);
        Assert.Equal([2, 16], file.GetInfo("input.input_ids").Shape);
        Assert.Equal([100, 64], file.GetInfo("word_embeddings.weight").Shape);
        Assert.All(file.ReadInt32("input.input_ids"), id => Assert.InRange(id, 0, 99));
        Assert.All(file.ReadInt32("input.token_type_ids"), t => Assert.InRange(t, 0, 1));
    }

    [Fact]
    public void PositionalEncoding_TableIsInterleavedSinCos()
    {
        using var file = SafeTensorsFile.Open(TestFiles.Golden("positional_encoding.safetensors"));

        Assert.Equal([50, 64], file.GetInfo("expected.table").Shape);
        float[] table = file.ReadFloat32("expected.table");
        Assert.Equal(0f, table[0]);
        Assert.Equal(1f, table[1]);
        Assert.Equal(MathF.Sin(1f), table[64], 6);
        Assert.Equal(MathF.Cos(1f), table[65], 6);
    }

    [Fact]
    public void GoldenFile_RewrittenByWriter_ReadsTheSame()
    {
        using var original = SafeTensorsFile.Open(TestFiles.Golden("decoder_post_relu.safetensors"));
        SafeTensor[] tensors = [.. original.Names.Select(n => SafeTensor.FromFloat32(n, original.GetInfo(n).Shape, original.ReadFloat32(n)))];

        using var copy = SafeTensorsFile.FromBytes(SafeTensorsWriter.ToBytes(tensors, original.Metadata));

        Assert.Equal(original.Names, copy.Names);
        Assert.Equal(original.Metadata, copy.Metadata);
        foreach (string name in original.Names)
        {
            Assert.Equal(original.ReadFloat32(name), copy.ReadFloat32(name));
        }
    }
}
