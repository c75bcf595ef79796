using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AttnGen;

/// <summary>
/// A zero-initialised float buffer whose first element sits on a 64-byte boundary (a cache line, and a
/// whole Vector512), so vector loads never split cache lines. It lives on the pinned object heap: the GC
/// never moves it, so the alignment holds for its lifetime, and no finalizer or disposal is needed.
/// </summary>
public sealed class AlignedBuffer
{
    private const int AlignmentBytes = 64;
    private const int FloatsPerAlignment = AlignmentBytes / sizeof(float);
    private readonly float[] _storage;
    private readonly int _offset;

    /// <summary>Allocates <paramref name="length"/> floats, all zero.</summary>
    public AlignedBuffer(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        _storage = GC.AllocateArray<float>(length + FloatsPerAlignment, pinned: true);
        _offset = MisalignmentToFloats(_storage);
        Length = length;
    }

    /// <summary>One buffer of <paramref name="length"/> floats for each of <paramref name="parts"/> parallel parts.</summary>
    public static AlignedBuffer[] PerPart(int parts, int length)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parts, 1);
        var buffers = new AlignedBuffer[parts];
        for (int i = 0; i < parts; i++)
        {
            buffers[i] = new AlignedBuffer(length);
        }

        return buffers;
    }

    /// <summary>The number of usable floats.</summary>
    public int Length { get; }

    /// <summary>The usable floats.</summary>
    public Span<float> Span => _storage.AsSpan(_offset, Length);

    /// <summary>A reference to the first usable float, for kernels that address with offsets.</summary>
    public ref float Start => ref _storage[_offset];

    private static unsafe int MisalignmentToFloats(float[] pinned)
    {
        nuint address = (nuint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(pinned));
        int misalignedBytes = (int)(address % AlignmentBytes);
        return misalignedBytes == 0 ? 0 : (AlignmentBytes - misalignedBytes) / sizeof(float);
    }
}
