namespace AttnGen.Generator.Layout;

/// <summary>
/// The shape of one feed-forward block: <c>hidden = act(x·W1ᵀ + b1)</c> with the activation in the product's
/// epilogue, then <c>output = hidden·W2ᵀ + b2</c>.
/// </summary>
/// <remarks>
/// The hidden rows are padded to whole vectors; the padding holds act(0 + 0) = 0 (GELU and ReLU both map 0 to 0)
/// and meets zero columns of W2, so it adds nothing to the output. A <paramref name="Gated"/> block (SwiGLU, Llama's)
/// computes <c>hidden = silu(x·Gᵀ + bg) · (x·Uᵀ + bu)</c> instead: gate and up in one product whose rows hold the
/// gate's <see cref="HiddenStride"/> columns (zero padding included, silu(0) = 0) then the up projection's.
/// </remarks>
/// <param name="Prefix">Names the fields, buffers, method and kernel class apart from a layer's other parts.</param>
/// <param name="Rows">Rows per call; with <paramref name="RowsAtRunTime"/>, the most rows one call may pass.</param>
/// <param name="WithRunTimeRows">Whether constant-row products also get run-time-row entries, for packed sequences or decoding with a cache.</param>
internal sealed record FeedForwardLayout(
    string Prefix, int DModel, int Hidden, Activation Activation, bool Bias, int Rows, bool RowsAtRunTime, bool WithRunTimeRows = false, bool Gated = false)
{
    public int HiddenStride => Lanes.RoundUp(Hidden);

    /// <summary>The first product: into the hidden rows, or the gate and up projections' rows of a gated block.</summary>
    public GemmShape HiddenProjection => Gated
        ? new("GateUp", Rows, HiddenStride + Hidden, DModel, null, RowsAtRunTime)
        : new("Hidden", Rows, Hidden, DModel, Activation, RowsAtRunTime);

    public GemmShape OutputProjection => new("Output", Rows, DModel, HiddenStride, null, RowsAtRunTime);

    public string KernelClass => Prefix + "Kernels";

    /// <summary>The instance method that runs the block; a class holds at most one feed-forward block.</summary>
    public string Method => "FeedForward";
}
