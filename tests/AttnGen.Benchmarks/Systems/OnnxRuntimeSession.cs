using Microsoft.ML.OnnxRuntime;

namespace AttnGen.Benchmarks.Systems;

/// <summary>
/// ONNX Runtime on one model, configured as the peers were measured (graph optimisation <c>ORT_ENABLE_ALL</c>, the
/// given intra-op threads, one inter-op thread, sequential execution) with input <c>x</c> and output <c>y</c>
/// pre-bound (IOBinding) over pinned arrays: <see cref="Run"/> copies nothing in or out and allocates nothing managed,
/// so only the engine's own work is timed.
/// </summary>
internal sealed class OnnxRuntimeSession : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly OrtValue _input, _output;
    private readonly OrtIoBinding _binding;

    /// <param name="input">Stays pinned and bound for the session's life; change it in place to run on new data.</param>
    /// <param name="output">Receives <c>y</c> on every <see cref="Run"/>.</param>
    public OnnxRuntimeSession(string modelPath, int intraOpThreads, float[] input, float[] output, long[] shape)
    {
        using var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            IntraOpNumThreads = intraOpThreads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        };
        _session = new InferenceSession(modelPath, options);
        _input = OrtValue.CreateTensorValueFromMemory(input, shape);
        _output = OrtValue.CreateTensorValueFromMemory(output, shape);
        _binding = _session.CreateIoBinding();
        _binding.BindInput("x", _input);
        _binding.BindOutput("y", _output);
    }

    public void Run() => _session.RunWithBinding(_runOptions, _binding);

    public void Dispose()
    {
        _binding.Dispose();
        _input.Dispose();
        _output.Dispose();
        _runOptions.Dispose();
        _session.Dispose();
    }
}
