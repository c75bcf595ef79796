namespace AttnGen;

/// <summary>
/// HuggingFace <c>GPT2Block</c>'s names for a <see cref="CausalDecoderLayerParameters"/> layer, both ways. GPT-2's
/// linear layers are <c>Conv1D</c>s, whose weight is stored <c>[in, out]</c>, the transpose of <c>nn.Linear</c>'s, so
/// every matrix is transposed on the way in and out; <c>attn.c_attn</c> packs q, k and v along its output.
/// </summary>
/// <remarks>
/// Checkpoints written by older <c>transformers</c> versions also hold <c>attn.bias</c> (the causal mask, a
/// <c>[1, 1, n_ctx, n_ctx]</c> buffer) and <c>attn.masked_bias</c> (the −10⁴ fill value). They are constants the
/// layer recomputes, not parameters, so they are never read (nor reported as unused), and neither selects the layout:
/// a file holding only them holds no layer.
/// </remarks>
internal static class Gpt2BlockNames
{
    public const string Layout = "HuggingFace GPT2Block";

    /// <summary>Names any one of which selects the layout, so a missing sibling is reported as missing.</summary>
    public static readonly string[] Markers =
        ["ln_1.weight", "attn.c_attn.weight", "attn.c_proj.weight", "ln_2.weight", "mlp.c_fc.weight", "mlp.c_proj.weight"];

    /// <summary>Reads the layer under the reader's prefix, recording every problem; call the result only once the reader has none.</summary>
    public static Func<CausalDecoderLayerParameters> Read(WeightReader reader, int d, int heads, int hidden, bool bias, bool qkvBias)
    {
        reader.Skip("attn.bias");
        reader.Skip("attn.masked_bias");
        float[] ln1Weight = reader.Require("ln_1.weight", d), ln1Bias = reader.Require("ln_1.bias", d);
        (float[] q, float[] k, float[] v) = AttentionWeightNames.SplitThree(Transposed(reader.Require("attn.c_attn.weight", d, 3 * d), d, 3 * d), d * d);
        float[]? packedBias = reader.Bias("attn.c_attn.bias", bias || qkvBias, 3 * d);
        (float[]? qb, float[]? kb, float[]? vb) = packedBias is null ? (null, null, null) : AttentionWeightNames.SplitThree(packedBias, d);
        float[] o = Transposed(reader.Require("attn.c_proj.weight", d, d), d, d);
        float[]? ob = reader.Bias("attn.c_proj.bias", bias, d);
        float[] ln2Weight = reader.Require("ln_2.weight", d), ln2Bias = reader.Require("ln_2.bias", d);
        float[] up = Transposed(reader.Require("mlp.c_fc.weight", d, hidden), d, hidden);
        float[]? upBias = reader.Bias("mlp.c_fc.bias", bias, hidden);
        float[] down = Transposed(reader.Require("mlp.c_proj.weight", hidden, d), hidden, d);
        float[]? downBias = reader.Bias("mlp.c_proj.bias", bias, d);
        return () => new CausalDecoderLayerParameters(d, heads, heads, hidden,
            new NormParameters(NormKind.LayerNorm, d, ln1Weight, ln1Bias), new NormParameters(NormKind.LayerNorm, d, ln2Weight, ln2Bias),
            q, k, v, o, qb, kb, vb, ob, null, null, up, upBias, down, downBias);
    }

    /// <summary>The layer's tensors under <paramref name="prefix"/>, weights transposed back to Conv1D's <c>[in, out]</c>.</summary>
    public static IEnumerable<SafeTensor> Tensors(CausalDecoderLayerParameters p, string prefix)
    {
        int d = p.DModel, hidden = p.Hidden;
        SafeTensor Tensor(string name, int[] shape, float[] values) => SafeTensor.FromFloat32(prefix + name, shape, values);
        yield return Tensor("ln_1.weight", [d], p.Norm1.Weight);
        yield return Tensor("ln_1.bias", [d], p.Norm1.Bias!);
        yield return Tensor("attn.c_attn.weight", [d, 3 * d], Transposed([.. p.QWeight, .. p.KWeight, .. p.VWeight], 3 * d, d));
        if (p.HasQkvBias)
        {
            yield return Tensor("attn.c_attn.bias", [3 * d], [.. p.QBias!, .. p.KBias!, .. p.VBias!]);
        }

        yield return Tensor("attn.c_proj.weight", [d, d], Transposed(p.OWeight, d, d));
        yield return Tensor("ln_2.weight", [d], p.Norm2.Weight);
        yield return Tensor("ln_2.bias", [d], p.Norm2.Bias!);
        yield return Tensor("mlp.c_fc.weight", [d, hidden], Transposed(p.UpWeight, hidden, d));
        yield return Tensor("mlp.c_proj.weight", [hidden, d], Transposed(p.DownWeight, d, hidden));
        if (p.HasBias)
        {
            yield return Tensor("attn.c_proj.bias", [d], p.OBias!);
            yield return Tensor("mlp.c_fc.bias", [hidden], p.UpBias!);
            yield return Tensor("mlp.c_proj.bias", [d], p.DownBias!);
        }
    }

    /// <summary>
    /// The transpose of a <c>[rows, columns]</c> row-major matrix; an empty array (a tensor the reader found missing or
    /// mis-shaped) stays empty, so that the problem is reported once, by the reader.
    /// </summary>
    private static float[] Transposed(float[] matrix, int rows, int columns)
    {
        if (matrix.Length == 0)
        {
            return matrix;
        }

        var result = new float[matrix.Length];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                result[c * rows + r] = matrix[r * columns + c];
            }
        }

        return result;
    }
}
