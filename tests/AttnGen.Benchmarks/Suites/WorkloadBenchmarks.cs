using AttnGen.Benchmarks.Systems;
using AttnGen.Benchmarks.Workloads;
using BenchmarkDotNet.Attributes;

namespace AttnGen.Benchmarks.Suites;

/// <summary>
/// The systems every peer workload is timed on; each derived class is one workload (its category) and adds the
/// generated block. Every system's setup runs it once and checks the output against PyTorch's <c>expected.y</c>
/// before BenchmarkDotNet times anything.
/// </summary>
[MemoryDiagnoser]
public abstract class WorkloadBenchmarks
{
    private PeerData _data = null!;
    private OnnxRuntimeSession? _onnxRuntime;
    private IForwardPass _plainCSharp = null!;

    /// <summary>The input, read in place by every system (ONNX Runtime holds it pinned and bound).</summary>
    protected float[] X { get; private set; } = [];

    /// <summary>The output every system writes (ONNX Runtime holds it pinned and bound).</summary>
    protected float[] Y { get; private set; } = [];

    internal abstract Workload Workload { get; }

    [GlobalSetup(Target = nameof(OnnxRuntime1Thread))]
    public void SetUpOnnxRuntime1Thread() => SetUpOnnxRuntime(SystemNames.OnnxRuntime1Thread, threads: 1, fused: false);

    [GlobalSetup(Target = nameof(OnnxRuntime2Threads))]
    public void SetUpOnnxRuntime2Threads() => SetUpOnnxRuntime(SystemNames.OnnxRuntime2Threads, threads: 2, fused: false);

    [GlobalSetup(Target = nameof(ScalarLoop))]
    public void SetUpScalarLoop()
    {
        LoadData();
        _plainCSharp = PlainCSharpSystems.Scalar(Workload);
        Check(SystemNames.ScalarLoop, () => _plainCSharp.Forward(X, Y), Tolerance.Exact);
    }

    [GlobalSetup(Target = nameof(TensorPrimitives))]
    public void SetUpTensorPrimitives()
    {
        LoadData();
        _plainCSharp = PlainCSharpSystems.TensorPrimitives(Workload);
        Check(SystemNames.TensorPrimitives, () => _plainCSharp.Forward(X, Y), Tolerance.Exact);
    }

    /// <summary>The team an AttnGen block runs on for the 2-thread system; disposed after the run.</summary>
    protected WorkerTeam? Team { get; set; }

    [GlobalCleanup]
    public void CleanUp()
    {
        _onnxRuntime?.Dispose();
        Team?.Dispose();
    }

    [Benchmark(Description = SystemNames.OnnxRuntime1Thread)]
    public void OnnxRuntime1Thread() => _onnxRuntime!.Run();

    [Benchmark(Description = SystemNames.OnnxRuntime2Threads)]
    public void OnnxRuntime2Threads() => _onnxRuntime!.Run();

    [Benchmark(Description = SystemNames.ScalarLoop)]
    public void ScalarLoop() => _plainCSharp.Forward(X, Y);

    [Benchmark(Description = SystemNames.TensorPrimitives)]
    public void TensorPrimitives() => _plainCSharp.Forward(X, Y);

    /// <summary>Reads the workload's input and gives every system a fresh output to write.</summary>
    protected void LoadData()
    {
        _data = PeerData.Load(Workload);
        X = _data.Input;
        Y = new float[Workload.Length];
    }

    /// <summary>Loads the data and binds ONNX Runtime to it, then checks it; <paramref name="fused"/> picks <c>T_fused.onnx</c>.</summary>
    protected void SetUpOnnxRuntime(string system, int threads, bool fused)
    {
        LoadData();
        _onnxRuntime = new OnnxRuntimeSession(Workload.OnnxPath(fused), threads, X, Y, [1, Workload.SeqLen, Workload.DModel]);
        Check(system, _onnxRuntime.Run, Tolerance.OnnxRuntime);
    }

    /// <summary>Runs <paramref name="forward"/> once into a NaN-filled output and throws unless it matches <c>expected.y</c>.</summary>
    private protected void Check(string system, Action forward, Tolerance tolerance)
    {
        // NaN first, so a system that leaves any element unwritten cannot pass on a previous system's output.
        Array.Fill(Y, float.NaN);
        forward();
        OutputCheck.Require(system, Workload, Y, _data.Expected, tolerance);
    }

    /// <summary>Runs the bound ONNX Runtime session, for the fused-graph benchmarks a derived workload adds.</summary>
    protected void RunOnnxRuntime() => _onnxRuntime!.Run();
}
