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
    private static readonly string[] HuggingFaceMarkers =
        ["attention.self.query.weight", "attention.self.key.weight", "attention.self.value.weight", "attention.output.dense.weight"];

    /// <summary>
    /// Loads the parameters of one attention block of width <paramref name="dModel"/> stored under
    /// <paramref name="prefix"/> (for example <c>"encoder.layer.3."</c> or <c>"self_attn."</c>).
    /// </summary>
    /// <exception cref="InvalidDataException">
    /// No known layout is present, or tensors are missing or mis-shaped; the message lists every one,
    /// with expected and actual shapes.
    /// </exception>
    public static AttentionParameters Load(IWeightSource source, string prefix, int dModel, bool bias)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(prefix);
        var reader = new WeightReader(source, prefix);
        AttentionParameters? parameters =
            // Any one HuggingFace name selects that layout, so a missing sibling is reported as missing.
            HuggingFaceMarkers.Any(reader.Has) ? LoadHuggingFace(reader, dModel, bias)
            : reader.Has("in_proj_weight") || reader.Has("q_proj_weight") ? LoadPyTorch(reader, dModel, bias)
            : null;
        if (parameters is null)
        {
            throw new InvalidDataException(
                $"No attention weights under prefix '{prefix}': expected 'in_proj_weight' or 'q_proj_weight' " +
                $"(PyTorch nn.MultiheadAttention) or 'attention.self.query.weight' (HuggingFace BERT). " +
                $"Names present with that prefix: {DescribeNames(source, prefix)}.");
        }

        return parameters;
    }

    private static AttentionParameters? LoadPyTorch(WeightReader reader, int d, bool bias)
    {
        float[] q, k, v;
        if (reader.Has("in_proj_weight"))
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
        float[]? qb = null, kb = null, vb = null, ob = null;
        if (bias)
        {
            (qb, kb, vb) = SplitThree(reader.Require("in_proj_bias", 3 * d), d);
            ob = reader.Require("out_proj.bias", d);
        }
        else
        {
            reader.Forbid("in_proj_bias", "the block is declared with Bias = false");
            reader.Forbid("out_proj.bias", "the block is declared with Bias = false");
        }

        reader.ThrowIfProblems("PyTorch nn.MultiheadAttention");
        return new AttentionParameters(d, q, k, v, o, qb, kb, vb, ob);
    }

    private static AttentionParameters? LoadHuggingFace(WeightReader reader, int d, bool bias)
    {
        string[] linears = ["attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense"];
        float[][] weights = linears.Select(name => reader.Require(name + ".weight", d, d)).ToArray();
        float[]?[] biases = linears.Select(name => bias
            ? reader.Require(name + ".bias", d)
            : Forbidden(reader, name + ".bias")).ToArray();
        reader.ThrowIfProblems("HuggingFace BERT attention");
        return new AttentionParameters(d, weights[0], weights[1], weights[2], weights[3],
            biases[0], biases[1], biases[2], biases[3]);
    }

    private static float[]? Forbidden(WeightReader reader, string name)
    {
        reader.Forbid(name, "the block is declared with Bias = false");
        return null;
    }

    private static (float[], float[], float[]) SplitThree(float[] packed, int part) =>
        packed.Length == 3 * part
            ? (packed[..part], packed[part..(2 * part)], packed[(2 * part)..])
            : ([], [], []);

    private static string DescribeNames(IWeightSource source, string prefix)
    {
        string[] names = source.Names.Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Take(12).ToArray();
        return names.Length == 0 ? "none" : string.Join(", ", names.Select(n => $"'{n}'"));
    }
}
