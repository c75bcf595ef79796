namespace AttnGen.Benchmarks.Workloads;

/// <summary>How far an output may be from PyTorch's: |actual − expected| ≤ Absolute + Relative·|expected|.</summary>
internal readonly record struct Tolerance(double Absolute, double Relative)
{
    /// <summary>The product's tolerance against the float64 reference (docs/DESIGN.md §4), used for every C# system.</summary>
    public static Tolerance Exact { get; } = new(5e-5, 5e-5);

    /// <summary>ONNX Runtime fuses and reorders freely, so it is held to twice the product's tolerance.</summary>
    public static Tolerance OnnxRuntime { get; } = new(1e-4, 1e-4);

    public bool Allows(double actual, double expected) =>
        // Written so that NaN is never allowed.
        Math.Abs(actual - expected) <= Absolute + Relative * Math.Abs(expected);

    public override string ToString() => $"{Absolute:G2} + {Relative:G2}·|expected|";
}
