using System.Buffers.Binary;
using System.Text;

namespace AttnGen.Runtime.Tests;

/// <summary>One test per validation rule, on bytes built by hand.</summary>
public sealed class SafeTensorsValidationTests
{
    private static string Reject(byte[] bytes) => Assert.Throws<InvalidDataException>(() => SafeTensorsFile.FromBytes(bytes)).Message;

    private static string Reject(string json, int dataLength) => Reject(TestFiles.Build(json, dataLength));

    private static string Entry(string name, string dtype, string shape, long begin, long end) =>
        $"\"{name}\":{{\"dtype\":\"{dtype}\",\"shape\":{shape},\"data_offsets\":[{begin},{end}]}}";

    [Fact]
    public void HandBuiltValidFile_IsAccepted()
    {
        // The control for every rejection below: same builder, consistent header.
        using var file = SafeTensorsFile.FromBytes(TestFiles.Build(
            "{" + Entry("a", "F32", "[2]", 0, 8) + "," + Entry("b", "I8", "[3]", 8, 11) + ",\"__metadata__\":{\"k\":\"v\"}}  ", 11));

        Assert.Equal(["a", "b"], file.Names);
        Assert.Equal("v", file.Metadata["k"]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    public void FileShorterThan8Bytes(int length)
    {
        Assert.Contains($"file is {length} bytes, shorter than the 8-byte header length", Reject(new byte[length]));
    }

    [Fact]
    public void HeaderLengthOver100MB_IsRejectedBeforeAllocating()
    {
        var bytes = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, ulong.MaxValue);
        Assert.Contains("header length 18446744073709551615 exceeds the limit of 100000000 bytes", Reject(bytes));

        BinaryPrimitives.WriteUInt64LittleEndian(bytes, 100_000_001);
        Assert.Contains("exceeds the limit", Reject(bytes));
    }

    [Fact]
    public void HeaderLengthPastEndOfFile()
    {
        var bytes = TestFiles.Build("{}", 0);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, 3);
        Assert.Contains("header length 3 exceeds the 2 bytes that follow it", Reject(bytes));
    }

    [Theory]
    [InlineData("""{"w": """)]
    [InlineData("""{"w":{"dtype":"F32","shape":[],"data_offsets":[0,4]},}""")]
    [InlineData("""{} {}""")]
    [InlineData("""{/*comment*/}""")]
    [InlineData("")]
    public void HeaderNotValidJson(string json)
    {
        Assert.Contains("header is not valid JSON", Reject(json, 4));
    }

    [Fact]
    public void HeaderWithInvalidUtf8()
    {
        byte[] header = [.. "{\""u8.ToArray(), 0xFF, 0xFE, .. "\":{}}"u8.ToArray()];
        Assert.Contains("Invalid safetensors file", Reject(TestFiles.Build(header, [])));
    }

    [Theory]
    [InlineData("[1, 2]")]
    [InlineData("\"text\"")]
    [InlineData("42")]
    public void HeaderNotAnObject(string json)
    {
        Assert.Contains("header is not a JSON object", Reject(json, 0));
    }

    [Theory]
    [InlineData("""{"w":[1]}""", "tensor 'w': entry is not a JSON object")]
    [InlineData("""{"w":{"dtype":4,"shape":[1],"data_offsets":[0,4]}}""", "tensor 'w': dtype is not a string")]
    [InlineData("""{"w":{"dtype":"F32","shape":"1","data_offsets":[0,4]}}""", "tensor 'w': shape is not an array of integers")]
    [InlineData("""{"w":{"dtype":"F32","shape":[1.5],"data_offsets":[0,4]}}""", "tensor 'w': shape is not an array of integers")]
    [InlineData("""{"w":{"dtype":"F32","shape":[null],"data_offsets":[0,4]}}""", "tensor 'w': shape is not an array of integers")]
    [InlineData("""{"w":{"dtype":"F32","shape":[1],"data_offsets":["0","4"]}}""", "tensor 'w': data_offsets is not an array of integers")]
    [InlineData("""{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4,8]}}""", "tensor 'w': data_offsets has 3 values")]
    [InlineData("""{"w":{"dtype":"F32","shape":[1]}}""", "tensor 'w': missing field 'data_offsets'")]
    [InlineData("""{"w":{"shape":[1],"data_offsets":[0,4]}}""", "tensor 'w': missing field 'dtype'")]
    [InlineData("""{"w":{"dtype":"F32","dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", "tensor 'w': duplicate field 'dtype'")]
    [InlineData("""{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4],"extra":1}}""", "tensor 'w': unknown field 'extra'")]
    [InlineData("""{"__metadata__":[],"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", "__metadata__ is not a JSON object")]
    [InlineData("""{"__metadata__":{"k":1},"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", "__metadata__ value of 'k' is not a string")]
    [InlineData("""{"__metadata__":{"k":"a","k":"b"},"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", "duplicate __metadata__ key 'k'")]
    [InlineData("""{"__metadata__":{},"__metadata__":{},"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", "duplicate __metadata__ entry")]
    public void WrongFieldTypes(string json, string expected)
    {
        Assert.Contains(expected, Reject(json, 4));
    }

    [Fact]
    public void NullMetadata_IsAccepted()
    {
        using var file = SafeTensorsFile.FromBytes(TestFiles.Build("""{"__metadata__":null,"w":{"dtype":"U8","shape":[1],"data_offsets":[0,1]}}""", 1));
        Assert.Empty(file.Metadata);
    }

    [Theory]
    [InlineData("F8")]
    [InlineData("f32")]
    [InlineData("U16")]
    [InlineData("")]
    public void UnknownDType(string dtype)
    {
        Assert.Contains($"tensor 'w': unknown dtype '{dtype}'", Reject("{" + Entry("w", dtype, "[1]", 0, 4) + "}", 4));
    }

    [Fact]
    public void NegativeDimension()
    {
        Assert.Contains("tensor 'w': negative dimension -2 in shape", Reject("{" + Entry("w", "F32", "[3, -2]", 0, 0) + "}", 0));
    }

    [Fact]
    public void DimensionBeyondInt32()
    {
        Assert.Contains("tensor 'w': dimension 4294967296 in shape exceeds", Reject("{" + Entry("w", "U8", "[4294967296]", 0, 0) + "}", 0));
    }

    [Fact]
    public void ByteSizeOverflow()
    {
        // (2^31 - 1)^3 ≈ 9.9e27 exceeds long.MaxValue ≈ 9.2e18: the element count itself overflows.
        Assert.Contains("tensor 'w': byte size of shape [2147483647, 2147483647, 2147483647] overflows",
            Reject("{" + Entry("w", "F64", "[2147483647, 2147483647, 2147483647]", 0, 8) + "}", 8));
        // The element count fits (≈ 2^62) but × 8 bytes does not.
        Assert.Contains("tensor 'v': byte size of shape [2147483647, 2147483647] overflows",
            Reject("{" + Entry("v", "F64", "[2147483647, 2147483647]", 0, 8) + "}", 8));
    }

    [Fact]
    public void EndBeforeBegin()
    {
        Assert.Contains("tensor 'w': data_offsets [4, 0] do not satisfy 0 <= begin <= end", Reject("{" + Entry("w", "U8", "[0]", 4, 0) + "}", 4));
        Assert.Contains("tensor 'w': data_offsets [-1, 0]", Reject("{" + Entry("w", "U8", "[1]", -1, 0) + "}", 1));
    }

    [Fact]
    public void OffsetsSpanWrongByteSize()
    {
        Assert.Contains("tensor 'w': data_offsets [0, 8] span 8 bytes, but F32 [3] needs 12", Reject("{" + Entry("w", "F32", "[3]", 0, 8) + "}", 8));
    }

    [Fact]
    public void DataNotStartingAtZero_IsAGap()
    {
        Assert.Contains("tensor 'w': gap in the data buffer, bytes [0, 4)", Reject("{" + Entry("w", "F32", "[1]", 4, 8) + "}", 8));
    }

    [Fact]
    public void GapBetweenTensors()
    {
        string json = "{" + Entry("b", "F32", "[1]", 8, 12) + "," + Entry("a", "F32", "[1]", 0, 4) + "}";
        Assert.Contains("tensor 'b': gap in the data buffer, bytes [4, 8)", Reject(json, 12));
    }

    [Fact]
    public void OverlappingTensors()
    {
        string json = "{" + Entry("a", "F32", "[2]", 0, 8) + "," + Entry("b", "F32", "[1]", 4, 8) + "}";
        Assert.Contains("tensor 'b': data_offsets [4, 8] overlap tensor 'a', which ends at 8", Reject(json, 8));
    }

    [Fact]
    public void LastTensorNotAtEndOfFile()
    {
        Assert.Contains("tensor 'w': the last tensor ends at data offset 4, but the data buffer holds 6 bytes",
            Reject("{" + Entry("w", "F32", "[1]", 0, 4) + "}", 6));
        Assert.Contains("header lists no tensors, but 2 bytes of data follow it", Reject("{}", 2));
    }

    [Fact]
    public void TensorPastEndOfFile()
    {
        Assert.Contains("tensor 'w': the last tensor ends at data offset 8, but the data buffer holds 4 bytes",
            Reject("{" + Entry("w", "F32", "[2]", 0, 8) + "}", 4));
    }

    [Fact]
    public void DuplicateTensorNames()
    {
        string json = "{" + Entry("w", "F32", "[1]", 0, 4) + "," + Entry("w", "F32", "[1]", 4, 8) + "}";
        Assert.Contains("duplicate tensor 'w'", Reject(json, 8));
    }

    [Fact]
    public void DuplicateTensorNames_AfterUnescaping()
    {
        string json = "{" + Entry("w", "F32", "[1]", 0, 4) + "," + Entry("\\u0077", "F32", "[1]", 4, 8) + "}";
        Assert.Contains("duplicate tensor 'w'", Reject(json, 8));
    }

    [Fact]
    public void Messages_StartWithCommonPrefix()
    {
        Assert.StartsWith("Invalid safetensors file: ", Reject(Encoding.UTF8.GetBytes("short")));
    }

    [Theory]
    [InlineData("nul")]
    [InlineData("ture")]
    [InlineData("fsets")]
    public void MisspeltLiteral_IsRefusedWithAShortMessage_NotOneQuotingTheRestOfTheHeader(string word)
    {
        // Found by the mutation fuzz test: System.Text.Json's message quoted everything after the word, so a damaged
        // header of n bytes allocated about 20·n bytes and made an n-character message.
        string json = $"{{\"a\":{{\"dtype\":\"F32\",\"shape\":{word},\"data_offsets\":[0,0]}}}}" + new string(' ', 100_000);
        byte[] file = TestFiles.Build(json, 0);
        long before = GC.GetAllocatedBytesForCurrentThread();

        var e = Assert.Throws<InvalidDataException>(() => SafeTensorsFile.FromBytes(file));

        Assert.Contains("is not true, false or null", e.Message);
        Assert.True(e.Message.Length < 200, e.Message.Length.ToString());
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < file.Length);
    }

    [Fact]
    public void ExponentsAndLiteralsInStrings_AreNotBareWords()
    {
        string json = "{\"__metadata__\":{\"eps\":\"1e-05 nul\"},\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}";
        using SafeTensorsFile file = SafeTensorsFile.FromBytes(TestFiles.Build(json, 4));
        Assert.Equal("1e-05 nul", file.Metadata["eps"]);
        var e = Assert.Throws<InvalidDataException>(() => SafeTensorsFile.FromBytes(TestFiles.Build(json.Replace("[1]", "[1e0]"), 4)));
        Assert.Contains("shape is not an array of integers", e.Message);
    }
}
