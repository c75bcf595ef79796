using System.Buffers.Binary;
using System.Text;

namespace AttnGen.Runtime.Tests;

/// <summary>Writer → reader round trips, the reading API, and memory-mapped files.</summary>
public sealed class SafeTensorsFileTests
{
    private static SafeTensorsFile RoundTrip(params SafeTensor[] tensors) => SafeTensorsFile.FromBytes(SafeTensorsWriter.ToBytes(tensors));

    [Fact]
    public void Float32_RoundTripsBitExactly()
    {
        float[] values = [0f, -0f, 1.5f, -3.25e-8f, float.MaxValue, float.Epsilon, float.NegativeInfinity, 0.1f];
        using var file = RoundTrip(SafeTensor.FromFloat32("w", [2, 4], values));

        float[] read = file.ReadFloat32("w");

        Assert.Equal(values.Select(BitConverter.SingleToInt32Bits), read.Select(BitConverter.SingleToInt32Bits));
        TensorInfo info = file.GetInfo("w");
        Assert.Equal(("w", "F32", 8L), (info.Name, info.DType, info.ElementCount));
        Assert.Equal([2, 4], info.Shape);
    }

    [Fact]
    public void Float16_RoundTripsExactlyRepresentableValues()
    {
        // 2^-14 is the smallest normal half, 2^-24 the smallest subnormal, 65504 the largest finite.
        float[] values = [1f, -2f, 0.5f, 0.333251953125f, 65504f, MathF.Pow(2, -14), MathF.Pow(2, -24), -0f, float.PositiveInfinity];
        SafeTensor tensor = SafeTensor.FromFloat16("h", [values.Length], values);
        using var file = RoundTrip(tensor);

        Assert.Equal("F16", tensor.DType);
        Assert.Equal(0x3C00, BinaryPrimitives.ReadUInt16LittleEndian(tensor.Data)); // 1.0 as IEEE half
        Assert.Equal(values.Select(BitConverter.SingleToInt32Bits), file.ReadFloat32("h").Select(BitConverter.SingleToInt32Bits));
        Assert.Equal("F16", file.GetInfo("h").DType);
    }

    [Fact]
    public void BFloat16_RoundTripsExactlyRepresentableValues()
    {
        float[] values = [1f, -2.5f, 3.140625f, 0.0078125f, -65536f, float.NegativeInfinity, 3.3895314e38f];
        SafeTensor tensor = SafeTensor.FromBFloat16("b", [values.Length], values);
        using var file = RoundTrip(tensor);

        Assert.Equal(0x3F80, BinaryPrimitives.ReadUInt16LittleEndian(tensor.Data)); // 1.0: the top half of 0x3F800000
        Assert.Equal(values, file.ReadFloat32("b"));
    }

    [Fact]
    public void BFloat16_RoundsToNearestTiesToEven()
    {
        float tieDown = 1f + MathF.Pow(2, -8);        // halfway between 1 and 1 + 2^-7: even is 1
        float tieUp = 1f + (3 * MathF.Pow(2, -8));    // halfway between 1 + 2^-7 and 1 + 2^-6: even is 1 + 2^-6
        float above = 1f + MathF.Pow(2, -8) + MathF.Pow(2, -20); // just above a tie: rounds up
        SafeTensor tensor = SafeTensor.FromBFloat16("b", [4], [tieDown, tieUp, above, float.NaN]);
        using var file = RoundTrip(tensor);

        float[] read = file.ReadFloat32("b");

        Assert.Equal(1f, read[0]);
        Assert.Equal(1f + MathF.Pow(2, -6), read[1]);
        Assert.Equal(1f + MathF.Pow(2, -7), read[2]);
        Assert.True(float.IsNaN(read[3]));
    }

    [Fact]
    public void Float64_IsConvertedToNearestFloat32()
    {
        double[] values = [0.1, -1e-300, 123456789.123, 2.5];
        var data = new byte[values.Length * 8];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(data.AsSpan(i * 8), values[i]);
        }

        using var file = RoundTrip(new SafeTensor("d", "F64", [2, 2], data));

        Assert.Equal(values.Select(v => (float)v), file.ReadFloat32("d"));
        Assert.Equal(("F64", 4L), (file.GetInfo("d").DType, file.GetInfo("d").ElementCount));
    }

    [Fact]
    public void IntegerTypes_ReadAsInt32()
    {
        var i64 = new byte[16];
        BinaryPrimitives.WriteInt64LittleEndian(i64, int.MinValue);
        BinaryPrimitives.WriteInt64LittleEndian(i64.AsSpan(8), int.MaxValue);
        var i16 = new byte[4];
        BinaryPrimitives.WriteInt16LittleEndian(i16, short.MinValue);
        BinaryPrimitives.WriteInt16LittleEndian(i16.AsSpan(2), 1234);
        using var file = RoundTrip(
            SafeTensor.FromInt32("i32", [3], [-7, 0, int.MaxValue]),
            new SafeTensor("i64", "I64", [2], i64),
            new SafeTensor("i16", "I16", [2], i16),
            new SafeTensor("i8", "I8", [3], [0x80, 0xFF, 0x7F]),
            new SafeTensor("u8", "U8", [3], [0x80, 0xFF, 0x7F]));

        Assert.Equal([-7, 0, int.MaxValue], file.ReadInt32("i32"));
        Assert.Equal([int.MinValue, int.MaxValue], file.ReadInt32("i64"));
        Assert.Equal([short.MinValue, 1234], file.ReadInt32("i16"));
        Assert.Equal([-128, -1, 127], file.ReadInt32("i8"));
        Assert.Equal([128, 255, 127], file.ReadInt32("u8"));
    }

    [Fact]
    public void Int64OutsideInt32Range_NamesTensorAndIndex()
    {
        var data = new byte[24];
        BinaryPrimitives.WriteInt64LittleEndian(data.AsSpan(16), (long)int.MaxValue + 1);
        using var file = RoundTrip(new SafeTensor("ids", "I64", [3], data));

        var e = Assert.Throws<InvalidDataException>(() => file.ReadInt32("ids"));

        Assert.Contains("'ids'", e.Message);
        Assert.Contains("element 2", e.Message);
        Assert.Contains("int32 range", e.Message);
    }

    [Fact]
    public void Bool_ReadsZeroAndOne_RejectsOtherBytes()
    {
        using var file = RoundTrip(new SafeTensor("mask", "BOOL", [2, 2], [1, 0, 0, 1]), new SafeTensor("bad", "BOOL", [3], [0, 1, 2]));

        Assert.Equal([true, false, false, true], file.ReadBool("mask"));
        var e = Assert.Throws<InvalidDataException>(() => file.ReadBool("bad"));
        Assert.Contains("'bad'", e.Message);
        Assert.Contains("element 2", e.Message);
    }

    [Fact]
    public void WrongTypeReads_ThrowInvalidDataNamingTensorAndType()
    {
        using var file = RoundTrip(SafeTensor.FromInt32("n", [1], [5]), SafeTensor.FromFloat32("f", [1], [5f]), new SafeTensor("u", "U8", [1], [1]));

        Assert.Equal("tensor 'n' is I32, not a floating-point type.", Assert.Throws<InvalidDataException>(() => file.ReadFloat32("n")).Message);
        Assert.Throws<InvalidDataException>(() => file.ReadFloat32("u", new float[1]));
        Assert.Contains("'f' is F32, not an integer type", Assert.Throws<InvalidDataException>(() => file.ReadInt32("f")).Message);
        Assert.Contains("'u' is U8, not BOOL", Assert.Throws<InvalidDataException>(() => file.ReadBool("u")).Message);
    }

    [Fact]
    public void DestinationOfWrongLength_ThrowsArgumentExceptionNamingTensorAndLengths()
    {
        using var file = RoundTrip(SafeTensor.FromFloat32("w", [2, 3], new float[6]));

        var e = Assert.Throws<ArgumentException>(() => file.ReadFloat32("w", new float[5]));

        Assert.Equal("destination", e.ParamName);
        Assert.Contains("'w'", e.Message);
        Assert.Contains("holds 5", e.Message);
        Assert.Contains("has 6", e.Message);
    }

    [Fact]
    public void MissingTensor_ThrowsKeyNotFoundNamingIt()
    {
        using var file = RoundTrip(SafeTensor.FromFloat32("w", [1], [1f]));

        Assert.Contains("'nope'", Assert.Throws<KeyNotFoundException>(() => file.GetInfo("nope")).Message);
        Assert.Contains("'nope'", Assert.Throws<KeyNotFoundException>(() => file.ReadFloat32("nope")).Message);
        Assert.Throws<KeyNotFoundException>(() => file.ReadFloat32("nope", Span<float>.Empty));
        Assert.False(file.Contains("nope"));
        Assert.True(file.Contains("w"));
        Assert.False(file.TryGetShape("nope", out int[]? shape));
        Assert.Null(shape);
    }

    [Fact]
    public void ShapesReturned_AreCopies()
    {
        using var file = RoundTrip(SafeTensor.FromFloat32("w", [2, 3], new float[6]));

        Assert.True(file.TryGetShape("w", out int[]? shape));
        shape[0] = 99;
        file.GetInfo("w").Shape[1] = 99;

        Assert.Equal([2, 3], file.GetInfo("w").Shape);
    }

    [Fact]
    public void ScalarAndEmptyTensors_RoundTrip()
    {
        using var file = RoundTrip(
            SafeTensor.FromFloat32("scalar", [], [42f]),
            SafeTensor.FromFloat32("empty", [0, 3], []),
            SafeTensor.FromInt32("after", [1], [7]));

        Assert.Equal([42f], file.ReadFloat32("scalar"));
        Assert.Empty(file.GetInfo("scalar").Shape);
        Assert.Equal(1, file.GetInfo("scalar").ElementCount);
        Assert.Empty(file.ReadFloat32("empty"));
        Assert.Equal([0, 3], file.GetInfo("empty").Shape);
        Assert.Equal([7], file.ReadInt32("after"));
    }

    [Fact]
    public void Metadata_RoundTrips_AndIsEmptyWhenAbsent()
    {
        var metadata = new Dictionary<string, string> { ["format"] = "pt", ["note"] = "a+b <c> \"quoted\" ü" };
        using var with = SafeTensorsFile.FromBytes(SafeTensorsWriter.ToBytes([SafeTensor.FromFloat32("w", [1], [1f])], metadata));
        using var without = RoundTrip(SafeTensor.FromFloat32("w", [1], [1f]));

        Assert.Equal(metadata.OrderBy(p => p.Key), with.Metadata.OrderBy(p => p.Key));
        Assert.Empty(without.Metadata);
    }

    [Fact]
    public void Writer_PadsHeaderWithSpacesToMultipleOf8_AndAlignsBySize()
    {
        byte[] bytes = SafeTensorsWriter.ToBytes([
            new SafeTensor("a.u8", "U8", [3], [1, 2, 3]),
            SafeTensor.FromFloat16("b.f16", [1], [1f]),
            SafeTensor.FromFloat32("c.f32", [1], [1f]),
            SafeTensor.FromFloat32("d.f32", [1], [2f]),
        ]);

        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        string header = Encoding.UTF8.GetString(bytes, 8, (int)headerLength);
        Assert.Equal(0ul, headerLength % 8);
        Assert.StartsWith("{", header);
        Assert.Equal("}", header.TrimEnd(' ')[^1..]);
        Assert.Equal(4 + 4 + 2 + 3, bytes.Length - 8 - (int)headerLength);

        using var file = SafeTensorsFile.FromBytes(bytes);
        Assert.Equal(["c.f32", "d.f32", "b.f16", "a.u8"], file.Names); // largest elements first, stable otherwise
        Assert.Contains("\"c.f32\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}", header);
        Assert.Equal([2f], file.ReadFloat32("d.f32"));
        Assert.Equal([1, 2, 3], file.ReadInt32("a.u8"));
    }

    [Fact]
    public void Writer_RejectsMalformedTensors()
    {
        Assert.Contains("duplicate tensor 'w'", Assert.Throws<ArgumentException>(() => SafeTensorsWriter.ToBytes([
            SafeTensor.FromFloat32("w", [1], [1f]), SafeTensor.FromFloat32("w", [1], [2f])])).Message);
        Assert.Contains("'w': F32 [2] needs 8 bytes, but its data holds 4",
            Assert.Throws<ArgumentException>(() => SafeTensorsWriter.ToBytes([new SafeTensor("w", "F32", [2], new byte[4])])).Message);
        Assert.Contains("unknown dtype 'F8'",
            Assert.Throws<ArgumentException>(() => SafeTensorsWriter.ToBytes([new SafeTensor("w", "F8", [1], new byte[1])])).Message);
        Assert.Contains("negative dimension -1",
            Assert.Throws<ArgumentException>(() => SafeTensorsWriter.ToBytes([new SafeTensor("w", "U8", [-1, -1], new byte[1])])).Message);
        Assert.Contains("__metadata__",
            Assert.Throws<ArgumentException>(() => SafeTensorsWriter.ToBytes([new SafeTensor("__metadata__", "U8", [1], new byte[1])])).Message);
        Assert.Contains("holds 6 elements, but 5 values",
            Assert.Throws<ArgumentException>(() => SafeTensor.FromFloat32("w", [2, 3], new float[5])).Message);
    }

    [Fact]
    public void OpenMemoryMapped_ReadsWhatWriteWrote_AndDisposeReleases()
    {
        using var temp = TestFiles.Temp();
        float[] values = [.. Enumerable.Range(0, 300).Select(i => i * 0.25f)];
        SafeTensorsWriter.Write(temp.Path, [SafeTensor.FromFloat32("w", [3, 100], values), SafeTensor.FromInt32("n", [2], [4, 5])],
            new Dictionary<string, string> { ["kind"] = "test" });

        var file = SafeTensorsFile.Open(temp.Path);
        Assert.Equal(values, file.ReadFloat32("w"));
        Assert.Equal([4, 5], file.ReadInt32("n"));
        Assert.Equal("test", file.Metadata["kind"]);
        Assert.Equal(File.ReadAllBytes(temp.Path), SafeTensorsWriter.ToBytes([SafeTensor.FromFloat32("w", [3, 100], values), SafeTensor.FromInt32("n", [2], [4, 5])],
            new Dictionary<string, string> { ["kind"] = "test" }));

        file.Dispose();
        file.Dispose(); // idempotent

        Assert.Throws<ObjectDisposedException>(() => file.ReadFloat32("w"));
        Assert.Throws<ObjectDisposedException>(() => file.ReadFloat32("w", new float[300]));
        Assert.Throws<ObjectDisposedException>(() => file.Names);
        Assert.Throws<ObjectDisposedException>(() => file.GetInfo("w"));
        Assert.Throws<ObjectDisposedException>(() => file.TryGetShape("w", out _));
        File.Delete(temp.Path); // the mapping no longer holds the file
        Assert.False(File.Exists(temp.Path));
    }

    [Fact]
    public void TensorLargerThanOneConversionChunk_ReadsAcrossChunks_AndReportsAbsoluteIndex()
    {
        const int chunk = 1 << 24; // SafeTensorsFile converts this many elements per step
        var data = new byte[chunk + 10];
        data[1] = 1;
        data[chunk + 1] = 1;
        var large = new SafeTensor("big", "BOOL", [data.Length], data);
        using var temp = TestFiles.Temp();
        SafeTensorsWriter.Write(temp.Path, [large]);

        using (var file = SafeTensorsFile.Open(temp.Path))
        {
            bool[] read = file.ReadBool("big");
            Assert.Equal(data.Length, read.Length);
            Assert.Equal(2, read.Count(b => b));
            Assert.True(read[chunk + 1]);
        }

        data[chunk + 3] = 7;
        SafeTensorsWriter.Write(temp.Path, [large]);
        using (var file = SafeTensorsFile.Open(temp.Path))
        {
            Assert.Contains($"tensor 'big': element {chunk + 3} is neither 0 nor 1", Assert.Throws<InvalidDataException>(() => file.ReadBool("big")).Message);
        }
    }

    [Fact]
    public void ConcurrentReads_AgreeWithASingleRead()
    {
        using var temp = TestFiles.Temp();
        float[] values = [.. Enumerable.Range(0, 4096).Select(i => MathF.Sin(i))];
        SafeTensorsWriter.Write(temp.Path, [SafeTensor.FromBFloat16("w", [64, 64], values)]);
        using var file = SafeTensorsFile.Open(temp.Path);
        float[] expected = file.ReadFloat32("w");

        float[][] results = new float[8][];
        Parallel.For(0, results.Length, i => results[i] = file.ReadFloat32("w"));

        Assert.All(results, r => Assert.Equal(expected, r));
        for (int i = 0; i < values.Length; i++)
        {
            // Round to nearest with 8 significant bits: relative error at most 2^-8.
            Assert.InRange(Math.Abs(expected[i] - values[i]), 0f, Math.Abs(values[i]) * MathF.Pow(2, -8));
            Assert.Equal(0, BitConverter.SingleToInt32Bits(expected[i]) & 0xFFFF);
        }
    }

    [Fact]
    public void FromBytes_UseAfterDispose_Throws()
    {
        var file = RoundTrip(SafeTensor.FromFloat32("w", [1], [1f]));
        file.Dispose();

        Assert.Throws<ObjectDisposedException>(() => file.ReadFloat32("w"));
        Assert.Throws<ObjectDisposedException>(() => file.Metadata);
        Assert.Throws<ObjectDisposedException>(() => file.Contains("w"));
    }

    [Fact]
    public void Open_RejectsMalformedFiles_AndReleasesThem()
    {
        using var empty = TestFiles.Temp();
        File.WriteAllBytes(empty.Path, []);
        using var bad = TestFiles.Temp();
        File.WriteAllBytes(bad.Path, TestFiles.Build("""{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}""", 4));

        Assert.Contains("shorter than the 8-byte", Assert.Throws<InvalidDataException>(() => SafeTensorsFile.Open(empty.Path)).Message);
        Assert.Contains("tensor 'w'", Assert.Throws<InvalidDataException>(() => SafeTensorsFile.Open(bad.Path)).Message);
        File.WriteAllBytes(bad.Path, [1]); // neither the stream nor a mapping is still open
        Assert.Throws<FileNotFoundException>(() => SafeTensorsFile.Open(empty.Path + ".missing"));
    }
}
