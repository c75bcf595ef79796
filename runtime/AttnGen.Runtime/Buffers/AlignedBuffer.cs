using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AttnGen;

/// <summary>
/// A zero-initialised float buffer whose first element sits on a 64-byte boundary (a cache line, and a
/// whole Vector512), so vector loads never split cache lines. It lives on the pinned object heap: the GC
/// never moves it, so the alignment holds for its lifetime, and no finalizer or disposal is needed. On Linux, the
/// whole 2 MiB blocks of a large buffer are backed by huge pages where the kernel has them (<see cref="HugePages"/>).
/// </summary>
public sealed unsafe class AlignedBuffer
{
    private const int AlignmentBytes = 64;
    private const int FloatsPerAlignment = AlignmentBytes / sizeof(float);

    // Keeps the pinned array alive; _start points into it, so addressing needs neither the array nor a bounds check.
    private readonly float[]? _storage;
    private readonly float* _start;

    /// <summary>
    /// Test seam: when set on a thread, buffers constructed on that thread take their memory from it — the address of
    /// <c>length</c> zeroed floats that outlive the buffer — instead of the pinned heap. Tests use it to place every buffer
    /// against an inaccessible page and prove generated kernels stay inside. Per thread, so tests running in parallel are unaffected.
    /// </summary>
    [ThreadStatic]
    internal static Func<int, nint>? Allocator;

    /// <summary>Allocates <paramref name="length"/> floats, all zero.</summary>
    public AlignedBuffer(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        Length = length;
        if (Allocator is { } allocate)
        {
            _start = (float*)allocate(length);
            return;
        }

        _storage = GC.AllocateArray<float>(length + FloatsPerAlignment, pinned: true);
        _start = (float*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_storage));
        _start += MisalignmentToFloats(_start);
        HugePages.Advise(_start, length);
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
    public Span<float> Span => new(_start, Length);

    /// <summary>A reference to the first usable float, for kernels that address with offsets.</summary>
    public ref float Start => ref *_start;

    private static int MisalignmentToFloats(float* address)
    {
        int misalignedBytes = (int)((nuint)address % AlignmentBytes);
        return misalignedBytes == 0 ? 0 : (AlignmentBytes - misalignedBytes) / sizeof(float);
    }
}
