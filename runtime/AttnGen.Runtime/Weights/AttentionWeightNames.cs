namespace AttnGen;

/// <summary>
/// Finds one attention block's parameters in a checkpoint, under PyTorch or HuggingFace names,
/// detected from the names present.
/// </summary>
/// <remarks>
/// Recognised layouts, each relative to the prefix:
/// <list type="bullet">
/// <item>PyTorch <c>nn.MultiheadAttention</c>, packed: <c>in_proj_weight</c> <c>[3·D, D]</c> (q, k, v stacked),
/// <c>in_proj_bias</c> <c>[3·D]</c>, <c>out_proj.weight</c>, <c>out_proj.bias</c>.</item>
/// <item>PyTorch, separate: <c>q_proj_weight</c>, <c>k_proj_weight</c>, <c>v_proj_weight</c> <c>[D, D]</c>,
/// with the same packed <c>in_proj_bias</c> and <c>out_proj.*</c>.</item>
/// <item>HuggingFace BERT: <c>attention.self.{query,key,value}.{weight,bias}</c>,
/// <c>attention.output.dense.{weight,bias}</c>.</item>
/// </list>
/// </remarks>
public static class AttentionWeightNames
{
    /// <summary>Names any one of which selects the HuggingFace layout, so a missing sibling is reported as missing.</summary>
    internal static readonly string[] HuggingFaceMarkers =
        ["attention.self.query.weight", "attention.self.key.weight", "attention.self.value.weight", "attention.output.dense.weight"];

    /// <summary>Names either of which selects the PyTorch layout.</summary>
    internal static readonly string[] PyTorchMarkers = ["in_proj_weight", "q_proj_weight"];

    /// <summary>
    /// Loads the parameters of one attention block of width <paramref name="dModel"/> stored under
    /// <paramref name="prefix"/> (for example <c>"encoder.layer.3."</c> or <c>"self_attn."</c>).
    /// </summary>
    /// <remarks>
    /// <c>allowUnused</c> accepts tensors under the prefix that the layout does not read (for a block that is part of
    /// a layer, under the modules it owns), which are otherwise errors listed by name; <c>allowNonFinite</c> accepts
    /// weights holding NaN or ±∞, otherwise an error naming the tensor and its first bad index.
    /// </remarks>
    /// <exception cref="InvalidDataException">
    /// No known layout is present, or tensors are missing, mis-shaped, non-finite or unused; the message lists every
    /// one, with expected and actual shapes.
    /// </exception>
    public static AttentionParameters Load(IWeightSource source, string prefix, int dModel, bool bias,
        bool allowUnused = false, bool allowNonFinite = false)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(prefix);
        var reader = new WeightReader(source, prefix, allowUnused, allowNonFinite);
        (string block, Func<AttentionParameters> build) =
            HuggingFaceMarkers.Any(reader.Has) ? ("HuggingFace BERT attention", ReadHuggingFace(reader, dModel, bias))
            : PyTorchMarkers.Any(reader.Has) ? ("PyTorch nn.MultiheadAttention", ReadPyTorch(reader, dModel, bias))
            : throw UnknownLayout.Error(source, prefix, "attention",
                ("PyTorch nn.MultiheadAttention", PyTorchMarkers), ("HuggingFace BERT", HuggingFaceMarkers));
        reader.ThrowIfProblems(block);
        return build();
    }

    /// <summary>
    /// Reads <c>nn.MultiheadAttention</c> names under the reader's prefix, which the module owns whole, recording every
    /// problem; call the result only once the reader has none.
    /// </summary>
    internal static Func<AttentionParameters> ReadPyTorch(WeightReader reader, int d, bool bias)
    {
        reader.Own("");
        float[] q, k, v;
        // Without q_proj_weight the packed form is assumed, so a layer lacking both reports in_proj_weight missing.
        if (reader.Has("in_proj_weight") || !reader.Has("q_proj_weight"))
        {
            float[] packed = reader.Require("in_proj_weight", 3 * d, d);
            (q, k, v) = SplitThree(packed, d * d);
        }
        else
        {
            q = reader.Require("q_proj_weight", d, d);
            k = reader.Require("k_proj_weight", d, d);
            v = reader.Require("v_proj_weight", d, d);
        }

        float[] o = reader.Require("out_proj.weight", d, d);
        reader.Forbid("bias_k", "add_bias_kv=True is not supported");
        reader.Forbid("bias_v", "add_bias_kv=True is not supported");
        float[]? packedBias = reader.Bias("in_proj_bias", bias, 3 * d);
        float[]? ob = reader.Bias("out_proj.bias", bias, d);
        (float[]? qb, float[]? kb, float[]? vb) = packedBias is null ? (null, null, null) : SplitThree(packedBias, d);
        return () => new AttentionParameters(d, q, k, v, o, qb, kb, vb, ob);
    }

    /// <summary>
    /// Reads HuggingFace BERT names (<c>attention.self.*</c>, <c>attention.output.dense.*</c>) under the reader's
    /// prefix, recording every problem; call the result only once the reader has none. The prefix is a whole
    /// <c>BertLayer</c>'s, so the attention owns only its own modules, not the layer's LayerNorms and feed-forward.
    /// </summary>
    internal static Func<AttentionParameters> ReadHuggingFace(WeightReader reader, int d, bool bias)
    {
        reader.Own("attention.self.");
        reader.Own("attention.output.dense.");
        string[] linears = ["attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense"];
        float[][] weights = linears.Select(name => reader.Require(name + ".weight", d, d)).ToArray();
        float[]?[] biases = linears.Select(name => reader.Bias(name + ".bias", bias, d)).ToArray();
        return () => new AttentionParameters(d, weights[0], weights[1], weights[2], weights[3],
            biases[0], biases[1], biases[2], biases[3]);
    }

    /// <summary>
    /// Splits a tensor that packs q, k and v one after another into its three parts of <paramref name="part"/> values;
    /// a tensor of any other length (one the reader found missing or mis-shaped) gives three empty parts.
    /// </summary>
    internal static (float[], float[], float[]) SplitThree(float[] packed, int part) =>
        packed.Length == 3 * part
            ? (packed[..part], packed[part..(2 * part)], packed[(2 * part)..])
            : ([], [], []);
}
