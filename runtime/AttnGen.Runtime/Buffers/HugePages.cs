using System.Runtime.InteropServices;

namespace AttnGen;

/// <summary>
/// Asks Linux to back the large buffers with 2 MiB pages. A BERT-base layer streams 28 MB of packed weights per call;
/// on 4 KiB pages the walk misses the TLB often enough to cost its matrix products 2–4 %, which huge pages win back.
/// </summary>
/// <remarks>
/// Only whole 2 MiB blocks inside a freshly zeroed buffer are advised: the advice flags the range, discarding its
/// (zero) pages lets the next touch fault in huge ones, and touching every block does that at once instead of in a
/// call. The memory stays the buffer's pinned array, so its lifetime rules do not change. Elsewhere than Linux, on
/// kernels without transparent huge pages, or when the kernel has none to give, the pages stay small — a few percent
/// slower, never wrong.
/// </remarks>
internal static unsafe partial class HugePages
{
    public const int PageBytes = 2 << 20;

    private const int AdviseHugePage = 14;   // MADV_HUGEPAGE
    private const int AdviseDontNeed = 4;    // MADV_DONTNEED: private anonymous pages read as zero again

    /// <summary>Advises the whole huge pages within <paramref name="length"/> zeroed floats at <paramref name="start"/>.</summary>
    public static void Advise(float* start, int length)
    {
        nuint first = ((nuint)start + PageBytes - 1) & ~(nuint)(PageBytes - 1);
        nuint end = ((nuint)start + (nuint)length * sizeof(float)) & ~(nuint)(PageBytes - 1);
        if (!OperatingSystem.IsLinux() || end <= first)
        {
            return;
        }

        if (Advise(first, end - first, AdviseHugePage) != 0 || Advise(first, end - first, AdviseDontNeed) != 0)
        {
            return;
        }

        for (nuint block = first; block < end; block += PageBytes)
        {
            *(float*)block = 0f;
        }
    }

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Advise(nuint address, nuint length, int advice);
}
