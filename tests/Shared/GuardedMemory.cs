using System.Runtime.InteropServices;

namespace AttnGen.Testing;

/// <summary>Which edge of a <see cref="GuardedMemory"/> allocation touches its inaccessible page.</summary>
internal enum GuardedEdge
{
    /// <summary>The last element ends exactly where an inaccessible page begins: any access past the end faults.</summary>
    End,

    /// <summary>The first element begins exactly where an inaccessible page ends: any access before the start faults.</summary>
    Start,
}

/// <summary>
/// Memory for proving that code stays inside its buffers. Every allocation gets pages of its own between two
/// inaccessible (PROT_NONE) pages and is pushed against one of them, so the first element outside it on that side, and
/// up to a page beyond, faults: the process dies, and the test run fails. Allocating once against each edge covers
/// both directions. Linux only (mmap and mprotect from libc); disposing unmaps every allocation.
/// </summary>
internal sealed unsafe partial class GuardedMemory(GuardedEdge edge) : IDisposable
{
    private const int ProtNone = 0, ProtRead = 1, ProtWrite = 2, MapPrivate = 0x02, MapAnonymous = 0x20;

    private static readonly nuint PageSize = (nuint)Environment.SystemPageSize;

    private readonly List<(nint Address, nuint Length)> _mappings = [];

    public GuardedEdge Edge => edge;

    /// <summary><paramref name="length"/> zeroed elements against this memory's guarded edge.</summary>
    public Span<T> Allocate<T>(int length)
        where T : unmanaged =>
        new(Place((nuint)length * (nuint)sizeof(T)), length);

    /// <summary>A guarded copy of <paramref name="values"/>, exactly as long.</summary>
    public Span<T> Copy<T>(ReadOnlySpan<T> values)
        where T : unmanaged
    {
        Span<T> copy = Allocate<T>(values.Length);
        values.CopyTo(copy);
        return copy;
    }

    public void Dispose()
    {
        foreach ((nint address, nuint length) in _mappings)
        {
            Check(Unmap(address, length), "munmap");
        }

        _mappings.Clear();
    }

    /// <summary>Maps guard page, whole data pages, guard page; opens the data pages; returns where the bytes start.</summary>
    private byte* Place(nuint bytes)
    {
        nuint dataLength = (bytes + PageSize - 1) / PageSize * PageSize;
        nuint total = dataLength + 2 * PageSize;
        nint mapping = Map(0, total, ProtNone, MapPrivate | MapAnonymous, -1, 0);
        Check(mapping == -1 ? -1 : 0, "mmap");
        _mappings.Add((mapping, total));

        byte* data = (byte*)mapping + PageSize;
        if (dataLength > 0)
        {
            Check(Protect((nint)data, dataLength, ProtRead | ProtWrite), "mprotect");
        }

        return edge == GuardedEdge.Start ? data : data + dataLength - bytes;
    }

    private static void Check(int result, string call)
    {
        if (result != 0)
        {
            throw new InvalidOperationException($"{call} failed with errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    [LibraryImport("libc", EntryPoint = "mmap", SetLastError = true)]
    private static partial nint Map(nint address, nuint length, int protection, int flags, int fd, nint offset);

    [LibraryImport("libc", EntryPoint = "mprotect", SetLastError = true)]
    private static partial int Protect(nint address, nuint length, int protection);

    [LibraryImport("libc", EntryPoint = "munmap", SetLastError = true)]
    private static partial int Unmap(nint address, nuint length);
}
