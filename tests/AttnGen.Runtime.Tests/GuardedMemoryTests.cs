using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using AttnGen.Testing;

namespace AttnGen.Runtime.Tests;

/// <summary>
/// Proves that <see cref="GuardedMemory"/>'s guard pages are really inaccessible, without killing the test host: the
/// kernel does the access — read(2) from /dev/zero writes the memory, write(2) to a file reads it — and reports an
/// inaccessible address as EFAULT, which .NET raises as an <see cref="IOException"/>, where the same access from
/// managed code would be a fault. So the generated kernels' guarded runs would fault on any access outside their buffers.
/// </summary>
public sealed class GuardedMemoryTests
{
    private const int Efault = 14;

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(1024)]
    [InlineData(1025)]
    public void Only_the_allocation_itself_is_accessible(int length)
    {
        using var end = new GuardedMemory(GuardedEdge.End);
        Span<float> endGuarded = end.Allocate<float>(length);
        Assert.True(Accessible(endGuarded));
        Assert.False(Accessible(Around(endGuarded, length)), "the float just past the end");

        using var start = new GuardedMemory(GuardedEdge.Start);
        Span<float> startGuarded = start.Allocate<float>(length);
        Assert.True(Accessible(startGuarded));
        Assert.False(Accessible(Around(startGuarded, -1)), "the float just before the start");
        Assert.Equal(0, Unsafe.ByteOffset(ref Unsafe.NullRef<float>(), ref MemoryMarshal.GetReference(startGuarded)) % Environment.SystemPageSize);
    }

    [Fact]
    public void Allocations_are_zeroed_and_copies_exact()
    {
        using var memory = new GuardedMemory(GuardedEdge.End);
        Assert.All(memory.Allocate<int>(5).ToArray(), value => Assert.Equal(0, value));
        Assert.Equal([1f, 2f, 3f], memory.Copy<float>([1f, 2f, 3f]).ToArray());
    }

    /// <summary>One float at <paramref name="offset"/> from the start of <paramref name="span"/>, which may lie outside it.</summary>
    private static Span<float> Around(Span<float> span, int offset) =>
        MemoryMarshal.CreateSpan(ref Unsafe.Add(ref MemoryMarshal.GetReference(span), offset), 1);

    /// <summary>Whether the kernel can both read and write every byte of <paramref name="span"/>.</summary>
    private static bool Accessible(Span<float> span)
    {
        Span<byte> bytes = MemoryMarshal.AsBytes(span);
        try
        {
            // bufferSize 0: no FileStream buffer, so the system call gets the span's own address.
            using var source = new FileStream("/dev/zero", FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0);
            source.ReadExactly(bytes);
            using var sink = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0, FileOptions.DeleteOnClose);
            sink.Write(bytes);
            return true;
        }
        catch (IOException e) when (e.HResult == Efault)
        {
            return false;
        }
    }
}
