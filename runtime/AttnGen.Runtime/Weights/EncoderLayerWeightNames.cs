namespace AttnGen;

/// <summary>
/// Finds one encoder layer's parameters in a checkpoint, under PyTorch or HuggingFace names, detected from the names
/// present.
/// </summary>
/// <remarks>
/// Recognised layouts, each relative to the prefix:
/// <list type="bullet">
/// <item>PyTorch <c>nn.TransformerEncoderLayer</c>: <c>self_attn.*</c> (as <see cref="AttentionWeightNames"/>, packed
/// or separate), <c>linear1.*</c>, <c>linear2.*</c>, <c>norm1.*</c>, <c>norm2.*</c>.</item>
/// <item>HuggingFace <c>BertLayer</c>: <c>attention.self.{query,key,value}.*</c>, <c>attention.output.dense.*</c>,
/// <c>attention.output.LayerNorm.*</c> (norm1), <c>intermediate.dense.*</c>, <c>output.dense.*</c>,
/// <c>output.LayerNorm.*</c> (norm2); LayerNorms also under the legacy <c>gamma</c>/<c>beta</c>.</item>
/// </list>
/// </remarks>
public static class EncoderLayerWeightNames
{
    private const string PyTorchLayout = "PyTorch nn.TransformerEncoderLayer";
    private const string HuggingFaceLayout = "HuggingFace BertLayer";

    // Any one name of a layout selects it, so a missing sibling is reported as missing rather than as an unknown layout.
    private static readonly string[] PyTorchMarkers =
        [.. AttentionWeightNames.PyTorchMarkers.Select(name => "self_attn." + name), .. FeedForwardWeightNames.PyTorchMarkers,
         "norm1.weight", "norm2.weight"];

    private static readonly string[] HuggingFaceMarkers =
        [.. AttentionWeightNames.HuggingFaceMarkers, .. FeedForwardWeightNames.HuggingFaceMarkers,
         "attention.output.LayerNorm.weight", "attention.output.LayerNorm.gamma", "output.LayerNorm.weight", "output.LayerNorm.gamma"];

    /// <summary>
    /// Loads the parameters of one encoder layer of width <paramref name="dModel"/> and feed-forward width
    /// <paramref name="hidden"/> stored under <paramref name="prefix"/> (for example <c>"encoder.layer.7."</c> or
    /// <c>"bert.encoder.layer.7."</c>).
    /// </summary>
    /// <remarks>
    /// <c>allowUnused</c> accepts tensors under the prefix that the layout does not read (for a block that is part of
    /// a layer, under the modules it owns), which are otherwise errors listed by name; <c>allowNonFinite</c> accepts
    /// weights holding NaN or ±∞, otherwise an error naming the tensor and its first bad index.
    /// </remarks>
    /// <exception cref="InvalidDataException">
    /// No known layout is present, or tensors are missing, mis-shaped, non-finite or unused; one message lists every
    /// one across the attention, feed-forward and LayerNorms, with full names and expected and actual shapes.
    /// </exception>
    public static EncoderLayerParameters Load(IWeightSource source, string prefix, int dModel, int hidden,
        bool allowUnused = false, bool allowNonFinite = false)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dModel);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hidden);
        var reader = new WeightReader(source, prefix, allowUnused, allowNonFinite);
        reader.Own("");
        (string block, Func<EncoderLayerParameters> build) =
            HuggingFaceMarkers.Any(reader.Has) ? (HuggingFaceLayout, ReadHuggingFace(reader, dModel, hidden))
            : PyTorchMarkers.Any(reader.Has) ? (PyTorchLayout, ReadPyTorch(reader, dModel, hidden))
            : throw UnknownLayout.Error(source, prefix, "encoder layer",
                (PyTorchLayout, PyTorchMarkers), (HuggingFaceLayout, HuggingFaceMarkers));
        reader.ThrowIfProblems(block);
        return build();
    }

    private static Func<EncoderLayerParameters> ReadPyTorch(WeightReader reader, int dModel, int hidden)
    {
        var attention = AttentionWeightNames.ReadPyTorch(reader.Scoped("self_attn."), dModel, bias: true);
        var feedForward = FeedForwardWeightNames.ReadPyTorch(reader, dModel, hidden, bias: true);
        var norm1 = LayerNormParameters.Read(reader.Scoped("norm1."), dModel);
        var norm2 = LayerNormParameters.Read(reader.Scoped("norm2."), dModel);
        return () => new EncoderLayerParameters(attention(), feedForward(), norm1(), norm2());
    }

    private static Func<EncoderLayerParameters> ReadHuggingFace(WeightReader reader, int dModel, int hidden)
    {
        var attention = AttentionWeightNames.ReadHuggingFace(reader, dModel, bias: true);
        var feedForward = FeedForwardWeightNames.ReadHuggingFace(reader, dModel, hidden, bias: true);
        var norm1 = LayerNormParameters.Read(reader.Scoped("attention.output.LayerNorm."), dModel);
        var norm2 = LayerNormParameters.Read(reader.Scoped("output.LayerNorm."), dModel);
        return () => new EncoderLayerParameters(attention(), feedForward(), norm1(), norm2());
    }
}
