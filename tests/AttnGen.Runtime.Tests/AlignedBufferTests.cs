using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using AttnGen.Testing;

namespace AttnGen.Runtime.Tests;

/// <summary>64-byte alignment, zeroing and addressing of <see cref="AlignedBuffer"/>.</summary>
public sealed class AlignedBufferTests
{
    /// <summary>The address of a reference, as a number, without unsafe code.</summary>
    private static nint Address(ref float value) => Unsafe.ByteOffset(ref Unsafe.NullRef<float>(), ref value);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(100)]
    [InlineData(1000)]
    [InlineData(100_000)]
    [InlineData(3_000_001)]   // more than two 2 MiB blocks: the huge-page advice discards and refaults some of its pages
    public void Span_Is64ByteAligned_ZeroedAndOfLength(int length)
    {
        var buffer = new AlignedBuffer(length);

        Assert.Equal(length, buffer.Length);
        Assert.Equal(length, buffer.Span.Length);
        Assert.Equal(0, Address(ref MemoryMarshal.GetReference(buffer.Span)) % 64);
        Assert.Equal(0, Address(ref buffer.Start) % 64);
        Assert.True(buffer.Span.ToArray().All(x => BitConverter.SingleToInt32Bits(x) == 0));
    }

    [Fact]
    public void ManyBuffers_AreAllAligned()
    {
        // Allocations of assorted sizes land at assorted addresses; every one must be aligned.
        var buffers = Enumerable.Range(0, 200).Select(i => new AlignedBuffer(i * 3 % 37)).ToList();

        Assert.All(buffers, b => Assert.Equal(0, Address(ref MemoryMarshal.GetReference(b.Span)) % 64));
    }

    [Fact]
    public void Start_RefersToSpanZero()
    {
        var buffer = new AlignedBuffer(10);

        Assert.True(Unsafe.AreSame(ref buffer.Start, ref buffer.Span[0]));
        buffer.Start = 42f;
        Assert.Equal(42f, buffer.Span[0]);
        buffer.Span[0] = -1f;
        Assert.Equal(-1f, buffer.Start);
        Assert.Equal(9f, Unsafe.Add(ref buffer.Start, 9) = 9f);
        Assert.Equal(9f, buffer.Span[9]);
    }

    [Fact]
    public void Start_OfEmptyBuffer_IsWhereTheSpanBegins()
    {
        var buffer = new AlignedBuffer(0);

        Assert.True(Unsafe.AreSame(ref buffer.Start, ref MemoryMarshal.GetReference(buffer.Span)));
    }

    [Fact]
    public void Span_IsTheSameMemoryEachTime_AndSurvivesAGC()
    {
        var buffer = new AlignedBuffer(64);
        buffer.Span.Fill(3f);
        nint before = Address(ref buffer.Start);

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.Equal(before, Address(ref buffer.Start));
        Assert.Equal(0, Address(ref buffer.Start) % 64);
        Assert.All(buffer.Span.ToArray(), x => Assert.Equal(3f, x));
    }

    [Fact]
    public void LargeBuffer_IsBackedByHugePages_WhereLinuxOffersThem()
    {
        var buffer = new AlignedBuffer(4 << 20);   // 16 MiB: seven or eight whole 2 MiB blocks
        buffer.Span.Fill(1f);

        if (!TransparentHugePagesAvailable())
        {
            Assert.All(buffer.Span.ToArray(), x => Assert.Equal(1f, x));
            return;
        }

        nint start = Address(ref buffer.Start);
        long hugeKilobytes = HugePageKilobytes(start, start + (nint)buffer.Length * sizeof(float));
        Assert.True(hugeKilobytes >= 2048, $"no huge page backs the buffer ({hugeKilobytes} kB)");
        Assert.All(buffer.Span.ToArray(), x => Assert.Equal(1f, x));
    }

    private static bool TransparentHugePagesAvailable()
    {
        const string Setting = "/sys/kernel/mm/transparent_hugepage/enabled";
        return OperatingSystem.IsLinux() && File.Exists(Setting) && !File.ReadAllText(Setting).Contains("[never]", StringComparison.Ordinal);
    }

    /// <summary>The AnonHugePages that /proc/self/smaps reports for the mappings overlapping [start, end).</summary>
    private static long HugePageKilobytes(nint start, nint end)
    {
        long total = 0;
        bool overlaps = false;
        foreach (string line in File.ReadLines("/proc/self/smaps"))
        {
            string[] fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length > 0 && fields[0].Contains('-') && !fields[0].EndsWith(':'))
            {
                string[] range = fields[0].Split('-');
                nint from = (nint)Convert.ToInt64(range[0], 16), to = (nint)Convert.ToInt64(range[1], 16);
                overlaps = from < end && to > start;
            }
            else if (overlaps && fields.Length >= 2 && fields[0] == "AnonHugePages:")
            {
                total += long.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return total;
    }

    [Fact]
    public void Writes_StayInsideTheBuffer()
    {
        var a = new AlignedBuffer(5);
        var b = new AlignedBuffer(5);

        a.Span.Fill(1f);

        Assert.All(b.Span.ToArray(), x => Assert.Equal(0f, x));
        Assert.Equal(5, a.Span.ToArray().Count(x => x == 1f));
    }

    [Fact]
    public void Allocator_SuppliesTheMemory_OnlyOnTheThreadThatSetIt()
    {
        using var memory = new GuardedMemory(GuardedEdge.End);
        nint supplied = 0;
        AlignedBuffer.Allocator = length => supplied = Address(ref MemoryMarshal.GetReference(memory.Allocate<float>(length)));
        try
        {
            var buffer = new AlignedBuffer(5);
            AlignedBuffer? elsewhere = null;
            var thread = new Thread(() => elsewhere = new AlignedBuffer(5));
            thread.Start();
            thread.Join();

            Assert.Equal(supplied, Address(ref buffer.Start));
            Assert.Equal(5, buffer.Span.Length);
            Assert.True(Unsafe.AreSame(ref buffer.Start, ref buffer.Span[0]));
            Assert.Equal(0, Address(ref elsewhere!.Start) % 64);
            Assert.NotEqual(supplied, Address(ref elsewhere.Start));
        }
        finally
        {
            AlignedBuffer.Allocator = null;
        }
    }

    [Fact]
    public void NegativeLength_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new AlignedBuffer(-1));
    }

    [Fact]
    public void PerPart_GivesEachPartItsOwnAlignedBuffer()
    {
        AlignedBuffer[] buffers = AlignedBuffer.PerPart(3, 10);

        Assert.Equal(3, buffers.Length);
        Assert.All(buffers, buffer => Assert.Equal(10, buffer.Length));
        Assert.Equal(3, buffers.Distinct().Count());
        buffers[0].Span.Fill(1f);
        Assert.All(buffers[1].Span.ToArray(), value => Assert.Equal(0f, value));
        Assert.Throws<ArgumentOutOfRangeException>(() => AlignedBuffer.PerPart(0, 10));
    }
}
