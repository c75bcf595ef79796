namespace AttnGen.Benchmarks.Suites;

/// <summary>
/// The name each benchmark reports as its <c>[Benchmark(Description)]</c>: BenchmarkDotNet shows it, and the table
/// finds its rows — and the ONNX Runtime rows it compares against — by it.
/// </summary>
internal static class SystemNames
{
    public const string AttnGen1Thread = "AttnGen, 1 thread";
    public const string AttnGen2Threads = "AttnGen, 2 threads";
    public const string OnnxRuntime1Thread = "ONNX Runtime, 1 thread";
    public const string OnnxRuntime2Threads = "ONNX Runtime, 2 threads";
    public const string OnnxRuntimeFused1Thread = "ONNX Runtime T_fused, 1 thread";
    public const string OnnxRuntimeFused2Threads = "ONNX Runtime T_fused, 2 threads";
    public const string ScalarLoop = "scalar C# loop";
    public const string TensorPrimitives = "TensorPrimitives";
    public const string FmaVector256 = "Vector256 FMA, 12 chains";
    public const string FmaVector512 = "Vector512 FMA, 12 chains";

    /// <summary>Every system, in the order the table lists them.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        FmaVector256, FmaVector512, AttnGen1Thread, AttnGen2Threads, OnnxRuntime1Thread, OnnxRuntimeFused1Thread, OnnxRuntime2Threads,
        OnnxRuntimeFused2Threads, TensorPrimitives, ScalarLoop,
    ];

    /// <summary>The ONNX Runtime forms a workload is compared with at one thread; the fastest present is the reference.</summary>
    public static IReadOnlyList<string> OnnxRuntimeAt1Thread { get; } = [OnnxRuntime1Thread, OnnxRuntimeFused1Thread];

    /// <summary>The same at two intra-op threads.</summary>
    public static IReadOnlyList<string> OnnxRuntimeAt2Threads { get; } = [OnnxRuntime2Threads, OnnxRuntimeFused2Threads];
}
