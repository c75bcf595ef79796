using System.Buffers.Binary;
using System.Text;

namespace AttnGen.Fuzzing;

/// <summary>
/// Makes a damaged copy of a valid safetensors file, seeded: mostly in the JSON header, where the parser's decisions
/// are, with the header length often kept consistent so the damage reaches validation rather than stopping at framing.
/// </summary>
internal sealed class SafeTensorsMutator(int seed)
{
    private static readonly byte[] InterestingBytes = [.. "\"\\,:[]{}-0123456789eE. \0"u8, 0x7F, 0x80, 0xC0, 0xFF];

    private static readonly string[] InterestingNumbers =
        ["0", "-1", "1", "7", "2147483647", "2147483648", "4294967296", "9223372036854775807", "9223372036854775808",
         "-9223372036854775808", "18446744073709551616", "1e3", "1.5", "-0", "00", "1" + new string('0', 40)];

    private static readonly string[] InterestingStrings =
        ["F32", "F16", "BF16", "F64", "I64", "I32", "I16", "I8", "U8", "BOOL", "F8_E4M3", "", "__metadata__", "dtype",
         "shape", "data_offsets", "\\u0000", "\\ud800", "é"];

    private readonly Random _random = new(seed);

    /// <summary>A damaged copy of the valid file whose JSON header is <paramref name="json"/> and data <paramref name="data"/>.</summary>
    public byte[] Mutate(ReadOnlySpan<byte> json, ReadOnlySpan<byte> data)
    {
        List<byte> header = [.. json];
        int headerLength = header.Count;
        bool keepFraming = _random.Next(4) != 0;
        for (int i = 0, count = 1 + _random.Next(4); i < count; i++)
        {
            MutateHeader(header);
        }

        byte[] file = Frame(header, data, keepFraming ? (ulong)header.Count : (ulong)headerLength);
        return _random.Next(5) == 0 ? MutateFile(file) : file;
    }

    private void MutateHeader(List<byte> header)
    {
        if (header.Count == 0)
        {
            header.Add(Pick(InterestingBytes));
            return;
        }

        int at = _random.Next(header.Count);
        switch (_random.Next(7))
        {
            case 0:
                header[at] ^= (byte)(1 << _random.Next(8));
                break;
            case 1:
                header[at] = Pick(InterestingBytes);
                break;
            case 2:
                ReplaceToken(header, IsNumber, Pick(InterestingNumbers));
                break;
            case 3:
                ReplaceToken(header, IsStringContent, Pick(InterestingStrings));
                break;
            case 4:
                header.RemoveRange(at, Math.Min(header.Count - at, 1 + _random.Next(16)));
                break;
            case 5:
                int from = _random.Next(header.Count);
                header.InsertRange(at, header.GetRange(from, Math.Min(header.Count - from, 1 + _random.Next(64))));
                break;
            default:
                header.Insert(at, Pick(InterestingBytes));
                break;
        }
    }

    /// <summary>Damage to the file as a whole: its length field, its end.</summary>
    private byte[] MutateFile(byte[] file)
    {
        switch (_random.Next(3))
        {
            case 0:
                ulong[] lengths = [0, 1, 7, (ulong)file.Length - 8, (ulong)file.Length - 7, (ulong)file.Length, 100_000_001, ulong.MaxValue, 1UL << 63];
                BinaryPrimitives.WriteUInt64LittleEndian(file, Pick(lengths));
                return file;
            case 1:
                return file[..Math.Min(file.Length, _random.Next(file.Length + 1))];
            default:
                return [.. file, .. Enumerable.Range(0, 1 + _random.Next(16)).Select(_ => (byte)_random.Next(256))];
        }
    }

    /// <summary>Replaces one run of bytes that <paramref name="inToken"/> accepts, chosen at random, with <paramref name="text"/>.</summary>
    private void ReplaceToken(List<byte> header, Func<List<byte>, int, bool> inToken, string text)
    {
        int start = _random.Next(header.Count);
        while (start < header.Count && !inToken(header, start))
        {
            start++;
        }

        int end = start;
        while (end < header.Count && inToken(header, end))
        {
            end++;
        }

        header.RemoveRange(start, end - start);
        header.InsertRange(start, Encoding.UTF8.GetBytes(text));
    }

    private static bool IsNumber(List<byte> header, int at) => header[at] is (>= (byte)'0' and <= (byte)'9') or (byte)'-';

    private static bool IsStringContent(List<byte> header, int at) => header[at] is not ((byte)'"' or (byte)',' or (byte)':' or (byte)'{' or (byte)'}');

    private static byte[] Frame(List<byte> header, ReadOnlySpan<byte> data, ulong lengthField)
    {
        var file = new byte[8 + header.Count + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(file, lengthField);
        header.CopyTo(file, 8);
        data.CopyTo(file.AsSpan(8 + header.Count));
        return file;
    }

    private T Pick<T>(T[] values) => values[_random.Next(values.Length)];
}
