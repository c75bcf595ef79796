namespace AttnGen.Runtime.Tests;

/// <summary>The team runs every part exactly once per call, on distinct threads, and reports failures and misuse.</summary>
public sealed class WorkerTeamTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void Every_part_runs_once_per_call_and_part_zero_on_the_caller(int threads)
    {
        using var team = new WorkerTeam(threads);
        var runs = new int[threads];
        var threadIds = new int[threads];
        Action<int> work = part =>
        {
            Interlocked.Increment(ref runs[part]);
            threadIds[part] = Environment.CurrentManagedThreadId;
        };

        for (int call = 0; call < 100; call++)
        {
            team.Run(work);
        }

        Assert.All(runs, count => Assert.Equal(100, count));
        Assert.Equal(Environment.CurrentManagedThreadId, threadIds[0]);
        Assert.Equal(threads, threadIds.Distinct().Count());
    }

    [Fact]
    public void Run_returns_only_after_every_part_has_finished()
    {
        using var team = new WorkerTeam(3);
        int finished = 0;
        team.Run(part =>
        {
            Thread.Sleep(part == 0 ? 0 : 50);
            Interlocked.Increment(ref finished);
        });

        Assert.Equal(3, finished);
    }

    [Fact]
    public void A_failing_part_is_rethrown_after_all_parts_finish_and_the_team_stays_usable()
    {
        using var team = new WorkerTeam(2);
        int finished = 0;
        var failure = Assert.Throws<InvalidOperationException>(() => team.Run(part =>
        {
            Interlocked.Increment(ref finished);
            if (part == 1)
            {
                throw new InvalidOperationException("part 1 failed");
            }
        }));

        Assert.Equal("part 1 failed", failure.Message);
        Assert.Equal(2, finished);
        team.Run(_ => Interlocked.Increment(ref finished));
        Assert.Equal(4, finished);
    }

    [Fact]
    public async Task A_second_caller_while_a_call_runs_is_refused()
    {
        using var team = new WorkerTeam(2);
        using var inside = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        Task first = Task.Run(() => team.Run(part =>
        {
            if (part == 0)
            {
                inside.Set();
                release.Wait();
            }
        }));
        inside.Wait();

        var refused = Assert.Throws<InvalidOperationException>(() => team.Run(_ => { }));
        Assert.Contains("one call at a time", refused.Message, StringComparison.Ordinal);
        release.Set();
        await first;
    }

    [Fact]
    public void Run_allocates_nothing_on_any_thread()
    {
        using var team = new WorkerTeam(3);
        var counters = new long[team.Threads];
        var before = new long[team.Threads];
        // Each thread reads its own counter: the process-wide one also counts whatever tests run in parallel.
        Action<int> readCounters = part => counters[part] = GC.GetAllocatedBytesForCurrentThread();
        Action<int> work = _ => { };
        team.Run(work);
        team.Run(readCounters);
        counters.CopyTo(before, 0);

        for (int i = 0; i < 1000; i++)
        {
            team.Run(work);
        }

        team.Run(readCounters);
        Assert.Equal(before, counters);
    }

    [Fact]
    public void Misuse_is_reported()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new WorkerTeam(0));
        var team = new WorkerTeam(2);
        Assert.Throws<ArgumentNullException>(() => team.Run(null!));
        team.Dispose();
        team.Dispose();
        Assert.Throws<ObjectDisposedException>(() => team.Run(_ => { }));
    }

    [Theory]
    [InlineData(10, 3)]
    [InlineData(2, 5)]
    [InlineData(0, 2)]
    [InlineData(128, 2)]
    public void Shares_cover_every_item_once_in_order(int count, int parts)
    {
        var covered = new List<int>();
        for (int part = 0; part < parts; part++)
        {
            (int start, int end) = WorkerTeam.Share(count, part, parts);
            Assert.True(end - start <= (count + parts - 1) / parts, $"part {part} takes {end - start} of {count}");
            covered.AddRange(Enumerable.Range(start, end - start));
        }

        Assert.Equal(Enumerable.Range(0, count), covered);
    }
}
