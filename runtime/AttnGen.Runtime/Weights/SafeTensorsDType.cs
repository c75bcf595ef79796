using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace AttnGen;

/// <summary>The element types a safetensors file may hold (the subset this library reads).</summary>
internal enum SafeTensorsDType
{
    F64,
    F32,
    F16,
    BF16,
    I64,
    I32,
    I16,
    I8,
    U8,
    BOOL,
}

/// <summary>
/// Names, sizes and little-endian conversions of <see cref="SafeTensorsDType"/>. Each conversion reads
/// <c>destination.Length</c> elements from <c>source</c> and returns -1, or the index of the first element
/// that cannot be represented in the destination type.
/// </summary>
internal static class SafeTensorsDTypes
{
    public static bool TryParse(string name, out SafeTensorsDType dtype)
    {
        switch (name)
        {
            case "F64": dtype = SafeTensorsDType.F64; return true;
            case "F32": dtype = SafeTensorsDType.F32; return true;
            case "F16": dtype = SafeTensorsDType.F16; return true;
            case "BF16": dtype = SafeTensorsDType.BF16; return true;
            case "I64": dtype = SafeTensorsDType.I64; return true;
            case "I32": dtype = SafeTensorsDType.I32; return true;
            case "I16": dtype = SafeTensorsDType.I16; return true;
            case "I8": dtype = SafeTensorsDType.I8; return true;
            case "U8": dtype = SafeTensorsDType.U8; return true;
            case "BOOL": dtype = SafeTensorsDType.BOOL; return true;
            default: dtype = default; return false;
        }
    }

    public static string Name(SafeTensorsDType dtype) => dtype.ToString();

    public static int Size(SafeTensorsDType dtype) => dtype switch
    {
        SafeTensorsDType.F64 or SafeTensorsDType.I64 => 8,
        SafeTensorsDType.F32 or SafeTensorsDType.I32 => 4,
        SafeTensorsDType.F16 or SafeTensorsDType.BF16 or SafeTensorsDType.I16 => 2,
        _ => 1,
    };

    /// <summary>Element count of <paramref name="shape"/>; throws <see cref="OverflowException"/> past <see cref="long.MaxValue"/>.</summary>
    public static long ElementCount(ReadOnlySpan<int> shape)
    {
        long count = 1;
        foreach (int dim in shape)
        {
            count = checked(count * dim);
        }

        return count;
    }

    public static int ToFloat32(SafeTensorsDType dtype, ReadOnlySpan<byte> source, Span<float> destination)
    {
        switch (dtype)
        {
            case SafeTensorsDType.F32 when BitConverter.IsLittleEndian:
                source[..(destination.Length * 4)].CopyTo(MemoryMarshal.AsBytes(destination));
                break;
            case SafeTensorsDType.F32:
                for (int i = 0; i < destination.Length; i++)
                {
                    destination[i] = BinaryPrimitives.ReadSingleLittleEndian(source[(i * 4)..]);
                }

                break;
            case SafeTensorsDType.F64:
                for (int i = 0; i < destination.Length; i++)
                {
                    destination[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(source[(i * 8)..]);
                }

                break;
            case SafeTensorsDType.F16:
                for (int i = 0; i < destination.Length; i++)
                {
                    destination[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(source[(i * 2)..]);
                }

                break;
            case SafeTensorsDType.BF16:
                for (int i = 0; i < destination.Length; i++)
                {
                    destination[i] = BFloat16ToSingle(BinaryPrimitives.ReadUInt16LittleEndian(source[(i * 2)..]));
                }

                break;
            default:
                throw new InvalidOperationException($"{dtype} is not a floating-point type.");
        }

        return -1;
    }

    public static int ToInt32(SafeTensorsDType dtype, ReadOnlySpan<byte> source, Span<int> destination)
    {
        switch (dtype)
        {
            case SafeTensorsDType.I32 when BitConverter.IsLittleEndian:
                source[..(destination.Length * 4)].CopyTo(MemoryMarshal.AsBytes(destination));
                break;
            case SafeTensorsDType.I32:
                for (int i = 0; i < destination.Length; i++)
                {
                    destination[i] = BinaryPrimitives.ReadInt32LittleEndian(source[(i * 4)..]);
                }

                break;
            case SafeTensorsDType.I64:
                for (int i = 0; i < destination.Length; i++)
                {
                    long value = BinaryPrimitives.ReadInt64LittleEndian(source[(i * 8)..]);
                    if (value is < int.MinValue or > int.MaxValue)
                    {
                        return i;
                    }

                    destination[i] = (int)value;
                }

                break;
            case SafeTensorsDType.I16:
                for (int i = 0; i < destination.Length; i++)
                {
                    destination[i] = BinaryPrimitives.ReadInt16LittleEndian(source[(i * 2)..]);
                }

                break;
            case SafeTensorsDType.I8:
                for (int i = 0; i < destination.Length; i++)
                {
                    destination[i] = (sbyte)source[i];
                }

                break;
            case SafeTensorsDType.U8:
                for (int i = 0; i < destination.Length; i++)
                {
                    destination[i] = source[i];
                }

                break;
            default:
                throw new InvalidOperationException($"{dtype} is not an integer type.");
        }

        return -1;
    }

    public static int ToBool(ReadOnlySpan<byte> source, Span<bool> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            byte value = source[i];
            if (value > 1)
            {
                return i;
            }

            destination[i] = value == 1;
        }

        return -1;
    }

    public static float BFloat16ToSingle(ushort bits) => BitConverter.Int32BitsToSingle(bits << 16);

    /// <summary>Rounds to the nearest bfloat16, ties to even; NaN stays NaN (quiet).</summary>
    public static ushort SingleToBFloat16(float value)
    {
        uint bits = BitConverter.SingleToUInt32Bits(value);
        if (float.IsNaN(value))
        {
            return (ushort)((bits >> 16) | 0x0040);
        }

        uint roundingBias = 0x7FFFu + ((bits >> 16) & 1u);
        return (ushort)((bits + roundingBias) >> 16);
    }
}
