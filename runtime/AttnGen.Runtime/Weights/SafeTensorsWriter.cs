using System.Buffers;
using System.Buffers.Binary;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace AttnGen;

/// <summary>One tensor to write with <see cref="SafeTensorsWriter"/>: its raw little-endian bytes and how to read them.</summary>
/// <param name="Name">The tensor's name; not <c>__metadata__</c>.</param>
/// <param name="DType">The element type: F64, F32, F16, BF16, I64, I32, I16, I8, U8 or BOOL.</param>
/// <param name="Shape">The dimensions, outermost first; empty for a scalar.</param>
/// <param name="Data">Exactly (dtype size × element count) bytes, little-endian, row-major.</param>
public sealed record SafeTensor(string Name, string DType, int[] Shape, byte[] Data)
{
    /// <summary>Stores <paramref name="values"/> as F32.</summary>
    /// <exception cref="ArgumentException"><paramref name="values"/> does not hold exactly the shape's element count.</exception>
    public static SafeTensor FromFloat32(string name, int[] shape, ReadOnlySpan<float> values)
    {
        byte[] data = Allocate(name, shape, values.Length, 4);
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(i * 4), values[i]);
        }

        return new SafeTensor(name, "F32", (int[])shape.Clone(), data);
    }

    /// <summary>Stores <paramref name="values"/> as F16, each rounded to the nearest half, ties to even.</summary>
    /// <exception cref="ArgumentException"><paramref name="values"/> does not hold exactly the shape's element count.</exception>
    public static SafeTensor FromFloat16(string name, int[] shape, ReadOnlySpan<float> values)
    {
        byte[] data = Allocate(name, shape, values.Length, 2);
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteHalfLittleEndian(data.AsSpan(i * 2), (Half)values[i]);
        }

        return new SafeTensor(name, "F16", (int[])shape.Clone(), data);
    }

    /// <summary>Stores <paramref name="values"/> as BF16, each rounded to the nearest bfloat16, ties to even.</summary>
    /// <exception cref="ArgumentException"><paramref name="values"/> does not hold exactly the shape's element count.</exception>
    public static SafeTensor FromBFloat16(string name, int[] shape, ReadOnlySpan<float> values)
    {
        byte[] data = Allocate(name, shape, values.Length, 2);
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(i * 2), SafeTensorsDTypes.SingleToBFloat16(values[i]));
        }

        return new SafeTensor(name, "BF16", (int[])shape.Clone(), data);
    }

    /// <summary>Stores <paramref name="values"/> as I32.</summary>
    /// <exception cref="ArgumentException"><paramref name="values"/> does not hold exactly the shape's element count.</exception>
    public static SafeTensor FromInt32(string name, int[] shape, ReadOnlySpan<int> values)
    {
        byte[] data = Allocate(name, shape, values.Length, 4);
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(i * 4), values[i]);
        }

        return new SafeTensor(name, "I32", (int[])shape.Clone(), data);
    }

    private static byte[] Allocate(string name, int[] shape, int length, int size)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(shape);
        long count = SafeTensorsWriter.CheckedElementCount(name, shape);
        if (count != length)
        {
            throw new ArgumentException(
                $"tensor '{name}': shape {ShapeText.Format(shape)} holds {count} elements, but {length} values were given.",
                "values");
        }

        return new byte[checked(length * size)];
    }
}

/// <summary>
/// Writes safetensors files: the header padded with spaces to a multiple of 8 bytes (as the reference
/// implementation does, so the data buffer starts 8-aligned), then every tensor's data, contiguously.
/// </summary>
/// <remarks>
/// Tensors are laid out in the order given, stably sorted by element size, largest first, so every tensor's data is
/// aligned to its element size. The same invariants the reader checks are checked here, as <see cref="ArgumentException"/>s.
/// </remarks>
public static class SafeTensorsWriter
{
    /// <summary>Writes a safetensors file to <paramref name="path"/>, replacing any file there.</summary>
    /// <exception cref="ArgumentException">A tensor is malformed (unknown dtype, negative dimension, data of the wrong size) or a name repeats.</exception>
    public static void Write(string path, IEnumerable<SafeTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var (header, ordered) = Prepare(tensors, metadata);
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
        stream.Write(header);
        foreach (SafeTensor t in ordered)
        {
            stream.Write(t.Data);
        }
    }

    /// <summary>Returns the bytes of a safetensors file holding <paramref name="tensors"/> and <paramref name="metadata"/>.</summary>
    /// <exception cref="ArgumentException">A tensor is malformed (unknown dtype, negative dimension, data of the wrong size) or a name repeats.</exception>
    public static byte[] ToBytes(IEnumerable<SafeTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var (header, ordered) = Prepare(tensors, metadata);
        long total = header.Length + ordered.Sum(t => (long)t.Data.Length);
        var bytes = new byte[total <= Array.MaxLength ? total : throw new ArgumentException("The file would exceed the largest array; use Write.", nameof(tensors))];
        header.CopyTo(bytes, 0);
        int position = header.Length;
        foreach (SafeTensor t in ordered)
        {
            t.Data.CopyTo(bytes, position);
            position += t.Data.Length;
        }

        return bytes;
    }

    internal static long CheckedElementCount(string name, int[] shape)
    {
        foreach (int dim in shape)
        {
            if (dim < 0)
            {
                throw new ArgumentException($"tensor '{name}': negative dimension {dim} in shape.", nameof(shape));
            }
        }

        try
        {
            return SafeTensorsDTypes.ElementCount(shape);
        }
        catch (OverflowException e)
        {
            throw new ArgumentException($"tensor '{name}': element count of shape {ShapeText.Format(shape)} overflows.", nameof(shape), e);
        }
    }

    /// <summary>Validates the tensors and returns the header bytes (length prefix included) and the data order.</summary>
    private static (byte[] Header, List<SafeTensor> Ordered) Prepare(IEnumerable<SafeTensor> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var names = new HashSet<string>(StringComparer.Ordinal);
        var entries = new List<(SafeTensor Tensor, int Size)>();
        foreach (SafeTensor t in tensors)
        {
            ArgumentNullException.ThrowIfNull(t, nameof(tensors));
            ArgumentNullException.ThrowIfNull(t.Name, nameof(tensors));
            if (t.Name == "__metadata__" || !names.Add(t.Name))
            {
                throw new ArgumentException(t.Name == "__metadata__" ? "A tensor cannot be named '__metadata__'." : $"duplicate tensor '{t.Name}'.", nameof(tensors));
            }

            if (t.DType is null || !SafeTensorsDTypes.TryParse(t.DType, out SafeTensorsDType dtype))
            {
                throw new ArgumentException($"tensor '{t.Name}': unknown dtype '{t.DType}'.", nameof(tensors));
            }

            if (t.Shape is null || t.Data is null)
            {
                throw new ArgumentException($"tensor '{t.Name}': shape and data are required.", nameof(tensors));
            }

            int size = SafeTensorsDTypes.Size(dtype);
            long count = CheckedElementCount(t.Name, t.Shape);
            string? needed = count > long.MaxValue / size ? "more than 2^63" : count * size == t.Data.Length ? null : $"{count * size}";
            if (needed is not null)
            {
                throw new ArgumentException(
                    $"tensor '{t.Name}': {t.DType} {ShapeText.Format(t.Shape)} needs {needed} bytes, but its data holds {t.Data.Length}.",
                    nameof(tensors));
            }

            entries.Add((t, size));
        }

        List<SafeTensor> ordered = [.. entries.OrderByDescending(e => e.Size).Select(e => e.Tensor)];
        return (Header(ordered, metadata), ordered);
    }

    private static byte[] Header(List<SafeTensor> ordered, IReadOnlyDictionary<string, string>? metadata)
    {
        var json = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(json, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            if (metadata is not null)
            {
                writer.WriteStartObject("__metadata__");
                foreach (var (key, value) in metadata)
                {
                    writer.WriteString(key, value);
                }

                writer.WriteEndObject();
            }

            long offset = 0;
            foreach (SafeTensor t in ordered)
            {
                writer.WriteStartObject(t.Name);
                writer.WriteString("dtype", t.DType);
                writer.WriteStartArray("shape");
                foreach (int dim in t.Shape)
                {
                    writer.WriteNumberValue(dim);
                }

                writer.WriteEndArray();
                writer.WriteStartArray("data_offsets");
                writer.WriteNumberValue(offset);
                writer.WriteNumberValue(offset += t.Data.Length);
                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        int padded = (json.WrittenCount + 7) / 8 * 8;
        if (padded > SafeTensorsHeader.MaxHeaderLength)
        {
            throw new ArgumentException($"The header would be {padded} bytes, over the {SafeTensorsHeader.MaxHeaderLength}-byte limit readers enforce.");
        }

        var header = new byte[8 + padded];
        BinaryPrimitives.WriteUInt64LittleEndian(header, (ulong)padded);
        json.WrittenSpan.CopyTo(header.AsSpan(8));
        header.AsSpan(8 + json.WrittenCount).Fill((byte)' ');
        return header;
    }
}
