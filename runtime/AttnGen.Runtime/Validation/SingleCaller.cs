namespace AttnGen;

/// <summary>
/// Marks a block instance busy for the length of one call, so that a second call made at the same time, from another
/// thread, throws instead of sharing the instance's scratch memory and returning wrong results. Generated methods
/// enter it with <c>using var call = SingleCaller.Enter(ref _busy, this);</c>.
/// </summary>
/// <remarks>
/// The cost is one interlocked exchange on entry and a plain store on exit, a few nanoseconds a call; it detects
/// overlapping calls, it does not serialise them.
/// </remarks>
public ref struct SingleCaller
{
    private readonly ref int _busy;

    private SingleCaller(ref int busy) => _busy = ref busy;

    /// <summary>Marks the instance busy until the result is disposed.</summary>
    /// <param name="busy">The instance's flag: 0 when idle, 1 during a call.</param>
    /// <param name="block">The instance, named in the error.</param>
    /// <exception cref="InvalidOperationException">Another call on the same instance has not returned.</exception>
    public static SingleCaller Enter(ref int busy, object block)
    {
        if (Interlocked.Exchange(ref busy, 1) != 0)
        {
            // The other call owns the flag: it is not cleared here, and the caller gets nothing to dispose.
            throw Busy(block);
        }

        return new SingleCaller(ref busy);
    }

    /// <summary>Marks the instance idle again.</summary>
    public readonly void Dispose() => Volatile.Write(ref _busy, 0);

    private static InvalidOperationException Busy(object block) =>
        new($"This {block.GetType().Name} instance is already running a call on another thread. An instance holds the " +
            "scratch memory of one call, so it must not be used from two threads at once: create one instance per thread; " +
            $"they can all share one {block.GetType().Name}.Weights, which is immutable.");
}
