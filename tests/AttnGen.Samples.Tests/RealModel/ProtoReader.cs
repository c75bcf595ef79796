using System.Buffers.Binary;
using System.Text;

namespace AttnGen.Samples.Tests.RealModel;

/// <summary>
/// Protocol Buffers' wire format, read field by field: just enough to walk an ONNX file. A schema-generated parser
/// would need onnx.proto and a code generator for the dozen fields the converter reads.
/// </summary>
/// <remarks>
/// Call <see cref="Next"/>, look at <see cref="Field"/>, then read the value with the method for its wire type or
/// <see cref="Skip"/> it. Nested messages are read by a reader over <see cref="LengthDelimited"/>.
/// </remarks>
internal ref struct ProtoReader(ReadOnlySpan<byte> message)
{
    private ReadOnlySpan<byte> _rest = message;

    /// <summary>The wire types of protobuf's encoding; the deprecated groups (3, 4) never occur in ONNX.</summary>
    public enum WireType { Varint = 0, Fixed64 = 1, LengthDelimited = 2, Fixed32 = 5 }

    /// <summary>The field number of the value <see cref="Next"/> reached.</summary>
    public int Field { get; private set; }

    /// <summary>How the value <see cref="Next"/> reached is encoded.</summary>
    public WireType Type { get; private set; }

    /// <summary>Whether every byte has been read: the end of a packed repeated field.</summary>
    public readonly bool AtEnd => _rest.IsEmpty;

    /// <summary>Moves to the next field's value; false at the end of the message.</summary>
    public bool Next()
    {
        if (AtEnd)
        {
            return false;
        }

        ulong tag = Varint();
        Field = (int)(tag >> 3);
        Type = (WireType)(tag & 7);
        return true;
    }

    /// <summary>A base-128 varint: seven bits a byte, least significant first, high bit set on all but the last.</summary>
    public ulong Varint()
    {
        ulong value = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            byte next = Take(1)[0];
            value |= (ulong)(next & 0x7F) << shift;
            if (next < 0x80)
            {
                return value;
            }
        }

        throw new InvalidDataException("A protobuf varint runs past 64 bits.");
    }

    /// <summary>A length-prefixed payload: bytes, a string, a nested message or a packed repeated field.</summary>
    public ReadOnlySpan<byte> LengthDelimited() => Take(checked((int)Varint()));

    public string String() => Encoding.UTF8.GetString(LengthDelimited());

    /// <summary>A 32-bit little-endian value, as an unpacked <c>float</c> field stores each element.</summary>
    public float Fixed32() => BinaryPrimitives.ReadSingleLittleEndian(Take(4));

    /// <summary>Passes over the current value, whatever its wire type.</summary>
    public void Skip()
    {
        switch (Type)
        {
            case WireType.Varint:
                Varint();
                break;
            case WireType.Fixed64:
                Take(8);
                break;
            case WireType.LengthDelimited:
                LengthDelimited();
                break;
            case WireType.Fixed32:
                Take(4);
                break;
            default:
                throw new InvalidDataException($"Field {Field} has protobuf wire type {(int)Type}, which ONNX never uses.");
        }
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > _rest.Length)
        {
            throw new InvalidDataException($"A protobuf value needs {count} bytes; the message has {_rest.Length} left.");
        }

        ReadOnlySpan<byte> taken = _rest[..count];
        _rest = _rest[count..];
        return taken;
    }
}
