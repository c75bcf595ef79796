namespace AttnGen;

/// <summary>
/// Finds one feed-forward block's parameters in a checkpoint, under PyTorch or HuggingFace names, detected from the
/// names present.
/// </summary>
/// <remarks>
/// Recognised layouts, each relative to the prefix:
/// <list type="bullet">
/// <item>PyTorch (as in <c>nn.TransformerEncoderLayer</c>): <c>linear1.weight</c> <c>[hidden, D]</c>,
/// <c>linear1.bias</c> <c>[hidden]</c>, <c>linear2.weight</c> <c>[D, hidden]</c>, <c>linear2.bias</c> <c>[D]</c>.</item>
/// <item>HuggingFace BERT: <c>intermediate.dense.{weight,bias}</c>, <c>output.dense.{weight,bias}</c>, same shapes.</item>
/// </list>
/// </remarks>
public static class FeedForwardWeightNames
{
    /// <summary>Names either of which selects the HuggingFace layout, so a missing sibling is reported as missing.</summary>
    internal static readonly string[] HuggingFaceMarkers = ["intermediate.dense.weight", "output.dense.weight"];

    /// <summary>Names either of which selects the PyTorch layout.</summary>
    internal static readonly string[] PyTorchMarkers = ["linear1.weight", "linear2.weight"];

    /// <summary>
    /// Loads the parameters of one feed-forward block of width <paramref name="dModel"/> and hidden width
    /// <paramref name="hidden"/> stored under <paramref name="prefix"/> (for example <c>""</c> or <c>"encoder.layer.3."</c>).
    /// </summary>
    /// <remarks>
    /// <c>allowUnused</c> accepts tensors under the prefix that the layout does not read (for a block that is part of
    /// a layer, under the modules it owns), which are otherwise errors listed by name; <c>allowNonFinite</c> accepts
    /// weights holding NaN or ±∞, otherwise an error naming the tensor and its first bad index.
    /// </remarks>
    /// <exception cref="InvalidDataException">
    /// No known layout is present, or tensors are missing, mis-shaped, non-finite, unused, or biases present that the
    /// block is declared without; the message lists every one, with expected and actual shapes.
    /// </exception>
    public static FeedForwardParameters Load(IWeightSource source, string prefix, int dModel, int hidden, bool bias,
        bool allowUnused = false, bool allowNonFinite = false)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dModel);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hidden);
        var reader = new WeightReader(source, prefix, allowUnused, allowNonFinite);
        (string block, Func<FeedForwardParameters> build) =
            HuggingFaceMarkers.Any(reader.Has) ? ("HuggingFace BERT feed-forward", ReadHuggingFace(reader, dModel, hidden, bias))
            : PyTorchMarkers.Any(reader.Has) ? ("PyTorch feed-forward", ReadPyTorch(reader, dModel, hidden, bias))
            : throw UnknownLayout.Error(source, prefix, "feed-forward",
                ("PyTorch", PyTorchMarkers), ("HuggingFace BERT", HuggingFaceMarkers));
        reader.ThrowIfProblems(block);
        return build();
    }

    /// <summary>Reads <c>linear1.*</c> and <c>linear2.*</c>, recording every problem; call the result only once the reader has none.</summary>
    internal static Func<FeedForwardParameters> ReadPyTorch(WeightReader reader, int dModel, int hidden, bool bias) =>
        Read(reader.Scoped("linear1."), reader.Scoped("linear2."), dModel, hidden, bias);

    /// <summary>Reads <c>intermediate.dense.*</c> and <c>output.dense.*</c>, recording every problem; call the result only once the reader has none.</summary>
    internal static Func<FeedForwardParameters> ReadHuggingFace(WeightReader reader, int dModel, int hidden, bool bias) =>
        Read(reader.Scoped("intermediate.dense."), reader.Scoped("output.dense."), dModel, hidden, bias);

    /// <remarks>The prefix may be a whole layer's, so the block owns only its two linear modules.</remarks>
    private static Func<FeedForwardParameters> Read(WeightReader input, WeightReader output, int dModel, int hidden, bool bias)
    {
        input.Own("");
        output.Own("");
        float[] inputWeight = input.Require("weight", hidden, dModel);
        float[]? inputBias = input.Bias("bias", bias, hidden);
        float[] outputWeight = output.Require("weight", dModel, hidden);
        float[]? outputBias = output.Bias("bias", bias, dModel);
        return () => new FeedForwardParameters(dModel, hidden, inputWeight, inputBias, outputWeight, outputBias);
    }
}
