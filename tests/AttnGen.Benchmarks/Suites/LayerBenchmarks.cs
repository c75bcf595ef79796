using AttnGen.Benchmarks.Workloads;
using BenchmarkDotNet.Attributes;

namespace AttnGen.Benchmarks.Suites;

/// <summary>
/// A peer workload that is a whole encoder layer: the generated layer on the calling thread and on a team of two,
/// besides the systems every workload has. Each derived class names its generated layer in <see cref="CreateLayer"/>.
/// </summary>
public abstract class LayerBenchmarks : WorkloadBenchmarks
{
    private Action<float[], float[]> _forward = null!;

    [GlobalSetup(Target = nameof(AttnGen1Thread))]
    public void SetUpAttnGen() => SetUpLayer(SystemNames.AttnGen1Thread, team: null);

    [GlobalSetup(Target = nameof(AttnGen2Threads))]
    public void SetUpAttnGen2Threads()
    {
        Team = new WorkerTeam(2);
        SetUpLayer(SystemNames.AttnGen2Threads, Team);
    }

    [Benchmark(Description = SystemNames.AttnGen1Thread)]
    public void AttnGen1Thread() => _forward(X, Y);

    [Benchmark(Description = SystemNames.AttnGen2Threads)]
    public void AttnGen2Threads() => _forward(X, Y);

    /// <summary>Loads the generated layer from the workload's file, on <paramref name="team"/> (null: the calling thread).</summary>
    /// <returns>The layer's <c>Forward(x, y)</c>.</returns>
    private protected abstract Action<float[], float[]> CreateLayer(SafeTensorsFile file, WorkerTeam? team);

    private void SetUpLayer(string system, WorkerTeam? team)
    {
        Table.KernelPathsMode.RequireExpectedPath();
        LoadData();
        using var file = SafeTensorsFile.Open(Workload.SafeTensorsPath);
        _forward = CreateLayer(file, team);
        Check(system, () => _forward(X, Y), Tolerance.Exact);
    }
}
