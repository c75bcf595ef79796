using System.Runtime.ExceptionServices;

namespace AttnGen;

/// <summary>
/// A fixed team of threads that runs one piece of work split into <see cref="Threads"/> parts: part 0 on the
/// calling thread, the others on the team's own background threads, which wait between calls instead of being
/// created per call. Give one to a generated block's constructor to run its <c>Forward</c> in parallel.
/// </summary>
/// <remarks>
/// <para>
/// Generated blocks split only independent work between the parts — column panels of a matrix product, heads,
/// rows — and every output element is computed by the same code in the same order whichever part computes it, so
/// results are bit-identical for any number of threads.
/// </para>
/// <para>
/// A team runs one call at a time. Several blocks may share a team (the layers of one model, say) as long as
/// they are called one after another; calling into one team from two threads at once throws
/// <see cref="InvalidOperationException"/>. <see cref="Run"/> allocates nothing. Dispose the team to stop its threads.
/// </para>
/// </remarks>
public sealed class WorkerTeam : IDisposable
{
    private readonly Thread[] _workers;
    private readonly SemaphoreSlim[] _starts;
    // A semaphore, not a ManualResetEventSlim: the latter creates its lock object the first time a wait blocks,
    // which would be an allocation inside some later Run.
    private readonly SemaphoreSlim _finished = new(0);
    private Action<int>? _work;
    private int _pending;
    private int _running;
    private volatile bool _disposed;
    private ExceptionDispatchInfo? _failure;

    /// <summary>Starts <paramref name="threads"/> − 1 background threads; the caller's thread is the last member.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threads"/> is less than 1.</exception>
    public WorkerTeam(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        Threads = threads;
        _starts = new SemaphoreSlim[threads - 1];
        _workers = new Thread[threads - 1];
        for (int i = 0; i < _workers.Length; i++)
        {
            _starts[i] = new SemaphoreSlim(0);
            int part = i + 1;
            _workers[i] = new Thread(() => WorkLoop(part)) { IsBackground = true, Name = $"AttnGen worker {part}" };
            _workers[i].Start();
        }
    }

    /// <summary>The number of parts every <see cref="Run"/> splits its work into, the calling thread included.</summary>
    public int Threads { get; }

    /// <summary>
    /// The share of <paramref name="count"/> items (panels, heads, rows) that part <paramref name="part"/> of
    /// <paramref name="parts"/> takes: contiguous, as even as possible, together covering every item once.
    /// </summary>
    public static (int Start, int End) Share(int count, int part, int parts) =>
        ((int)((long)count * part / parts), (int)((long)count * (part + 1) / parts));

    /// <summary>Runs <paramref name="work"/>(part) for every part 0…Threads−1 and returns when all have finished.</summary>
    /// <param name="work">The work; cache the delegate, so that a call allocates nothing.</param>
    /// <exception cref="InvalidOperationException">Another thread is already running work on this team.</exception>
    /// <exception cref="ObjectDisposedException">The team has been disposed.</exception>
    public void Run(Action<int> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Interlocked.CompareExchange(ref _running, 1, 0) != 0)
        {
            throw new InvalidOperationException("A WorkerTeam runs one call at a time; give each calling thread its own team.");
        }

        try
        {
            _work = work;
            _failure = null;
            Volatile.Write(ref _pending, _workers.Length);
            foreach (SemaphoreSlim start in _starts)
            {
                start.Release();
            }

            RunPart(0);
            if (_workers.Length > 0)
            {
                _finished.Wait();
            }

            _failure?.Throw();
        }
        finally
        {
            _work = null;
            Volatile.Write(ref _running, 0);
        }
    }

    /// <summary>Stops the background threads once they finish any work in progress.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (SemaphoreSlim start in _starts)
        {
            start.Release();
        }

        foreach (Thread worker in _workers)
        {
            worker.Join();
        }

        foreach (SemaphoreSlim start in _starts)
        {
            start.Dispose();
        }

        _finished.Dispose();
    }

    private void WorkLoop(int part)
    {
        SemaphoreSlim start = _starts[part - 1];
        while (true)
        {
            start.Wait();
            if (_disposed)
            {
                return;
            }

            RunPart(part);
            if (Interlocked.Decrement(ref _pending) == 0)
            {
                _finished.Release();
            }
        }
    }

    private void RunPart(int part)
    {
        try
        {
            _work!(part);
        }
        catch (Exception e)
        {
            // Every part finishes (or fails) before Run returns; the first failure is rethrown there.
            Interlocked.CompareExchange(ref _failure, ExceptionDispatchInfo.Capture(e), null);
        }
    }
}
