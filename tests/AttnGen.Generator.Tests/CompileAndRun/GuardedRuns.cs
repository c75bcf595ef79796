using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using AttnGen.Testing;
using Xunit.Sdk;

namespace AttnGen.Generator.Tests.CompileAndRun;

/// <summary>
/// Runs generated code with every buffer it touches against a guard page of <see cref="GuardedMemory"/>: the arguments,
/// which the test allocates from the memory it is handed at exactly the required length, and every
/// <see cref="AlignedBuffer"/> the code allocates (packed weights, biases, scratch, per-part scratch), through the
/// runtime's allocator seam. An access outside any of them kills the test host, which fails the run.
/// </summary>
internal static class GuardedRuns
{
    /// <summary>The name of the wrapper method that every declaration's runner class gets from <see cref="Wrapper"/>.</summary>
    public const string Method = "Guarded";

    /// <summary>
    /// Configurations per kind that run guarded, the hand-picked edges (size 1, odd widths) first: with both edges and
    /// every row count or team, they reach every kernel of the kind, and the guarded runs add seconds, not minutes.
    /// </summary>
    private const int PerKind = 12;

    public static bool Covers(GeneratedConfiguration c) => c.Id < PerKind;

    /// <summary>
    /// A one-line wrapper method for a runner class: it takes spans, so that the test can pass guarded memory, and builds
    /// the block itself, so that the block's buffers are built under the guard.
    /// </summary>
    public static string Wrapper(string parameters, string body) => $"    public static void {Method}({parameters}) => {body};";

    /// <summary>
    /// Runs <paramref name="run"/> twice: every buffer ending where an inaccessible page begins, then every buffer
    /// beginning where one ends. <paramref name="run"/> must build the block itself, so that its buffers are guarded too.
    /// </summary>
    public static void OnEachEdge(Action<GuardedMemory> run)
    {
        foreach (GuardedEdge edge in Enum.GetValues<GuardedEdge>())
        {
            using var memory = new GuardedMemory(edge);
            AlignedBuffer.Allocator = length => Address(memory.Allocate<float>(length));
            try
            {
                run(memory);
            }
            catch (XunitException e)
            {
                throw new XunitException($"With every buffer against the guard page at its {edge}: {e.Message}");
            }
            finally
            {
                AlignedBuffer.Allocator = null;
            }
        }
    }

    private static unsafe nint Address(Span<float> span) => (nint)Unsafe.AsPointer(ref MemoryMarshal.GetReference(span));
}
