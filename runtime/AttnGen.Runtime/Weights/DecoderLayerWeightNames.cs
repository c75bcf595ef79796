namespace AttnGen;

/// <summary>Finds one decoder layer's parameters in a checkpoint under PyTorch's names.</summary>
/// <remarks>
/// The layout of <c>nn.TransformerDecoderLayer</c>, relative to the prefix: <c>self_attn.*</c> and
/// <c>multihead_attn.*</c> (each as <see cref="AttentionWeightNames"/>, packed or separate), <c>linear1.*</c>,
/// <c>linear2.*</c>, <c>norm1.*</c>, <c>norm2.*</c>, <c>norm3.*</c>.
/// </remarks>
public static class DecoderLayerWeightNames
{
    private const string Layout = "PyTorch nn.TransformerDecoderLayer";

    // Any one name selects the layout, so a missing sibling is reported as missing rather than as an unknown layout.
    private static readonly string[] Markers =
        [.. AttentionWeightNames.PyTorchMarkers.Select(name => "self_attn." + name),
         .. AttentionWeightNames.PyTorchMarkers.Select(name => "multihead_attn." + name),
         .. FeedForwardWeightNames.PyTorchMarkers, "norm1.weight", "norm2.weight", "norm3.weight"];

    /// <summary>
    /// Loads the parameters of one decoder layer of width <paramref name="dModel"/> and feed-forward width
    /// <paramref name="hidden"/> stored under <paramref name="prefix"/> (for example <c>"decoder.layers.2."</c>).
    /// </summary>
    /// <remarks>
    /// <c>allowUnused</c> accepts tensors under the prefix that the layout does not read (for a block that is part of
    /// a layer, under the modules it owns), which are otherwise errors listed by name; <c>allowNonFinite</c> accepts
    /// weights holding NaN or ±∞, otherwise an error naming the tensor and its first bad index.
    /// </remarks>
    /// <exception cref="InvalidDataException">
    /// The layout is not present, or tensors are missing, mis-shaped, non-finite or unused; one message lists every
    /// one across both attentions, the feed-forward and the LayerNorms, with full names and expected and actual shapes.
    /// </exception>
    public static DecoderLayerParameters Load(IWeightSource source, string prefix, int dModel, int hidden,
        bool allowUnused = false, bool allowNonFinite = false)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dModel);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hidden);
        var reader = new WeightReader(source, prefix, allowUnused, allowNonFinite);
        reader.Own("");
        if (!Markers.Any(reader.Has))
        {
            throw UnknownLayout.Error(source, prefix, "decoder layer", (Layout, Markers));
        }

        var selfAttention = AttentionWeightNames.ReadPyTorch(reader.Scoped("self_attn."), dModel, bias: true);
        var crossAttention = AttentionWeightNames.ReadPyTorch(reader.Scoped("multihead_attn."), dModel, bias: true);
        var feedForward = FeedForwardWeightNames.ReadPyTorch(reader, dModel, hidden, bias: true);
        var norm1 = LayerNormParameters.Read(reader.Scoped("norm1."), dModel);
        var norm2 = LayerNormParameters.Read(reader.Scoped("norm2."), dModel);
        var norm3 = LayerNormParameters.Read(reader.Scoped("norm3."), dModel);
        reader.ThrowIfProblems(Layout);
        return new DecoderLayerParameters(selfAttention(), crossAttention(), feedForward(), norm1(), norm2(), norm3());
    }
}
