using AttnGen.Benchmarks.Workloads;
using BenchmarkDotNet.Attributes;

namespace AttnGen.Benchmarks.Suites;

/// <summary>
/// What the guard against concurrent use of one instance costs: entering and leaving <see cref="SingleCaller"/> alone,
/// and workload T's block, the smallest call, whose time must not move beyond noise. Reads no peer file.
/// </summary>
public class CallGuardBenchmarks
{
    private readonly float[] _x = new float[PeerAttentionT.SeqLen * PeerAttentionT.DModel];
    private readonly float[] _y = new float[PeerAttentionT.SeqLen * PeerAttentionT.DModel];
    private PeerAttentionT _block = null!;
    private int _busy;

    [GlobalSetup]
    public void SetUp() => _block = new PeerAttentionT(PeerAttentionT.Weights.Random(1));

    [Benchmark(Description = "SingleCaller enter + exit")]
    public void Guard()
    {
        using var call = SingleCaller.Enter(ref _busy, this);
    }

    [Benchmark(Description = "T Forward (guarded)")]
    public void TForward() => _block.Forward(_x, _y);
}
