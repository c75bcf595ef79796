using System.Buffers.Binary;
using System.Collections.ObjectModel;
using System.Text.Json;

namespace AttnGen;

/// <summary>One tensor's header entry, validated: its data lies at <c>[Begin, End)</c> of the data buffer.</summary>
internal sealed record SafeTensorsEntry(string Name, SafeTensorsDType DType, int[] Shape, long ElementCount, long Begin, long End);

/// <summary>
/// Parses and validates a safetensors header: the 8-byte length, the JSON, and the layout of the data buffer.
/// Every problem is an <see cref="InvalidDataException"/> naming the problem and, where there is one, the tensor.
/// </summary>
internal sealed class SafeTensorsHeader
{
    /// <summary>The largest JSON header accepted, as in the reference implementation.</summary>
    public const long MaxHeaderLength = 100_000_000;

    private SafeTensorsHeader(List<SafeTensorsEntry> tensors, Dictionary<string, string> metadata, long dataStart)
    {
        Tensors = tensors;
        ByName = tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);
        Names = new ReadOnlyCollection<string>([.. tensors.Select(t => t.Name)]);
        Metadata = new ReadOnlyDictionary<string, string>(metadata);
        DataStart = dataStart;
    }

    /// <summary>Tensors in header order.</summary>
    public IReadOnlyList<SafeTensorsEntry> Tensors { get; }

    public IReadOnlyDictionary<string, SafeTensorsEntry> ByName { get; }

    public ReadOnlyCollection<string> Names { get; }

    public ReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Offset of the data buffer from the start of the file: 8 + header length.</summary>
    public long DataStart { get; }

    /// <summary>
    /// Parses the header of a file of <paramref name="fileLength"/> bytes, whose first bytes are
    /// <paramref name="prefix"/> (at least <c>min(fileLength, 8 + MaxHeaderLength)</c> of them).
    /// </summary>
    public static SafeTensorsHeader Parse(ReadOnlySpan<byte> prefix, long fileLength)
    {
        if (fileLength < 8)
        {
            throw Fail($"file is {fileLength} bytes, shorter than the 8-byte header length");
        }

        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength > MaxHeaderLength)
        {
            throw Fail($"header length {headerLength} exceeds the limit of {MaxHeaderLength} bytes");
        }

        if (headerLength > (ulong)(fileLength - 8))
        {
            throw Fail($"header length {headerLength} exceeds the {fileLength - 8} bytes that follow it in the file");
        }

        int length = (int)headerLength;
        var (tensors, metadata) = ParseJson(prefix.Slice(8, length));
        long dataStart = 8 + length;
        ValidateLayout(tensors, fileLength - dataStart);
        return new SafeTensorsHeader(tensors, metadata, dataStart);
    }

    private static (List<SafeTensorsEntry>, Dictionary<string, string>) ParseJson(ReadOnlySpan<byte> json)
    {
        int invalidWord = JsonLiterals.FirstInvalid(json);
        if (invalidWord >= 0)
        {
            throw Fail($"header is not valid JSON: a bare word at byte {invalidWord} is not true, false or null");
        }

        var tensors = new List<SafeTensorsEntry>();
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw Fail("header is not a JSON object");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                string name = reader.GetString()!;
                if (!seen.Add(name))
                {
                    throw Fail(name == "__metadata__" ? "duplicate __metadata__ entry" : $"duplicate tensor '{name}'");
                }

                reader.Read();
                if (name == "__metadata__")
                {
                    ReadMetadata(ref reader, metadata);
                }
                else
                {
                    tensors.Add(ReadTensor(ref reader, name));
                }
            }

            // The root object is complete; a further Read throws on anything but trailing whitespace.
            if (reader.Read())
            {
                throw Fail("unexpected content after the header's JSON object");
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new InvalidDataException($"Invalid safetensors file: header is not valid JSON: {e.Message}", e);
        }

        return (tensors, metadata);
    }

    private static void ReadMetadata(ref Utf8JsonReader reader, Dictionary<string, string> metadata)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw Fail("__metadata__ is not a JSON object");
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            string key = reader.GetString()!;
            reader.Read();
            if (reader.TokenType != JsonTokenType.String)
            {
                throw Fail($"__metadata__ value of '{key}' is not a string");
            }

            if (!metadata.TryAdd(key, reader.GetString()!))
            {
                throw Fail($"duplicate __metadata__ key '{key}'");
            }
        }
    }

    private static SafeTensorsEntry ReadTensor(ref Utf8JsonReader reader, string name)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw Fail($"tensor '{name}': entry is not a JSON object");
        }

        string? dtypeName = null;
        List<long>? shape = null, offsets = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            string field = reader.GetString()!;
            reader.Read();
            switch (field)
            {
                case "dtype" when dtypeName is null:
                    dtypeName = reader.TokenType == JsonTokenType.String
                        ? reader.GetString()!
                        : throw Fail($"tensor '{name}': dtype is not a string");
                    break;
                case "shape" when shape is null:
                    shape = ReadIntegers(ref reader, name, "shape");
                    break;
                case "data_offsets" when offsets is null:
                    offsets = ReadIntegers(ref reader, name, "data_offsets");
                    break;
                case "dtype" or "shape" or "data_offsets":
                    throw Fail($"tensor '{name}': duplicate field '{field}'");
                default:
                    throw Fail($"tensor '{name}': unknown field '{field}'");
            }
        }

        if (dtypeName is null || shape is null || offsets is null)
        {
            string missing = dtypeName is null ? "dtype" : shape is null ? "shape" : "data_offsets";
            throw Fail($"tensor '{name}': missing field '{missing}'");
        }

        return Validate(name, dtypeName, shape, offsets);
    }

    private static List<long> ReadIntegers(ref Utf8JsonReader reader, string name, string field)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw Fail($"tensor '{name}': {field} is not an array of integers");
        }

        var values = new List<long>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out long value))
            {
                throw Fail($"tensor '{name}': {field} is not an array of integers");
            }

            values.Add(value);
        }

        return values;
    }

    private static SafeTensorsEntry Validate(string name, string dtypeName, List<long> shape, List<long> offsets)
    {
        if (!SafeTensorsDTypes.TryParse(dtypeName, out SafeTensorsDType dtype))
        {
            throw Fail($"tensor '{name}': unknown dtype '{dtypeName}'");
        }

        var dims = new int[shape.Count];
        for (int i = 0; i < dims.Length; i++)
        {
            dims[i] = shape[i] switch
            {
                < 0 => throw Fail($"tensor '{name}': negative dimension {shape[i]} in shape"),
                > int.MaxValue => throw Fail($"tensor '{name}': dimension {shape[i]} in shape exceeds {int.MaxValue}"),
                long d => (int)d,
            };
        }

        long count, byteSize;
        try
        {
            count = SafeTensorsDTypes.ElementCount(dims);
            byteSize = checked(count * SafeTensorsDTypes.Size(dtype));
        }
        catch (OverflowException)
        {
            throw Fail($"tensor '{name}': byte size of shape {ShapeText.Format(dims)} overflows");
        }

        if (offsets.Count != 2)
        {
            throw Fail($"tensor '{name}': data_offsets has {offsets.Count} values, expected [begin, end]");
        }

        long begin = offsets[0], end = offsets[1];
        if (begin < 0 || end < begin)
        {
            throw Fail($"tensor '{name}': data_offsets [{begin}, {end}] do not satisfy 0 <= begin <= end");
        }

        if (end - begin != byteSize)
        {
            throw Fail($"tensor '{name}': data_offsets [{begin}, {end}] span {end - begin} bytes, but {dtypeName} "
                + $"{ShapeText.Format(dims)} needs {byteSize}");
        }

        return new SafeTensorsEntry(name, dtype, dims, count, begin, end);
    }

    /// <summary>The tensors, sorted by offset, must tile the data buffer exactly: from 0, no gaps, no overlaps.</summary>
    private static void ValidateLayout(List<SafeTensorsEntry> tensors, long dataLength)
    {
        long expected = 0;
        SafeTensorsEntry? last = null;
        foreach (SafeTensorsEntry t in tensors.OrderBy(t => t.Begin).ThenBy(t => t.End))
        {
            if (t.Begin < expected)
            {
                throw Fail($"tensor '{t.Name}': data_offsets [{t.Begin}, {t.End}] overlap tensor '{last!.Name}', which ends at {expected}");
            }

            if (t.Begin > expected)
            {
                throw Fail($"tensor '{t.Name}': gap in the data buffer, bytes [{expected}, {t.Begin}) belong to no tensor");
            }

            expected = t.End;
            last = t;
        }

        if (expected != dataLength)
        {
            throw Fail(last is null
                ? $"header lists no tensors, but {dataLength} bytes of data follow it"
                : $"tensor '{last.Name}': the last tensor ends at data offset {expected}, but the data buffer holds {dataLength} bytes");
        }
    }

    private static InvalidDataException Fail(string message) => new($"Invalid safetensors file: {message}.");
}
