namespace AttnGen;

/// <summary>
/// HuggingFace <c>LlamaDecoderLayer</c>'s names for a <see cref="CausalDecoderLayerParameters"/> layer, both ways. Its
/// matrices are <c>nn.Linear</c> weights, already <c>[out, in]</c>; the key and value projections have
/// <c>KvHeads·HeadDim</c> rows.
/// </summary>
/// <remarks>
/// Qwen2's layers add <c>self_attn.{q,k,v}_proj.bias</c> (<c>QkvBias</c>); a Llama configured with
/// <c>attention_bias</c> and <c>mlp_bias</c> has a bias on every linear layer (<c>Bias</c>). Checkpoints written by older
/// <c>transformers</c> versions also hold <c>self_attn.rotary_emb.inv_freq</c>, a constant the layer recomputes from
/// the declared <c>RotaryTheta</c>; it is never read (nor reported as unused). The rotary embedding is HuggingFace's <c>rotate_half</c> form, whose
/// q and k rows are permuted against Meta's original checkpoints and GGUF files (docs/weights.md).
/// </remarks>
internal static class LlamaLayerNames
{
    public const string Layout = "HuggingFace LlamaDecoderLayer";

    /// <summary>Names any one of which selects the layout, so a missing sibling is reported as missing.</summary>
    public static readonly string[] Markers =
        ["input_layernorm.weight", "self_attn.q_proj.weight", "self_attn.k_proj.weight", "self_attn.v_proj.weight",
         "self_attn.o_proj.weight", "post_attention_layernorm.weight", "mlp.gate_proj.weight", "mlp.up_proj.weight",
         "mlp.down_proj.weight"];

    private static readonly string[] Attention = ["self_attn.q_proj.", "self_attn.k_proj.", "self_attn.v_proj."];

    /// <summary>Reads the layer under the reader's prefix, recording every problem; call the result only once the reader has none.</summary>
    public static Func<CausalDecoderLayerParameters> Read(WeightReader reader, int d, int heads, int kvHeads, int hidden, bool bias, bool qkvBias)
    {
        reader.Skip("self_attn.rotary_emb.inv_freq");
        int kvWidth = kvHeads * (d / heads);
        int[] rows = [d, kvWidth, kvWidth];
        float[] norm1 = reader.Require("input_layernorm.weight", d);
        float[][] qkv = [.. Attention.Select((name, i) => reader.Require(name + "weight", rows[i], d))];
        float[]?[] qkvBiases = [.. Attention.Select((name, i) => reader.Bias(name + "bias", bias || qkvBias, rows[i]))];
        float[] o = reader.Require("self_attn.o_proj.weight", d, d);
        float[]? ob = reader.Bias("self_attn.o_proj.bias", bias, d);
        float[] norm2 = reader.Require("post_attention_layernorm.weight", d);
        float[] gate = reader.Require("mlp.gate_proj.weight", hidden, d);
        float[]? gateBias = reader.Bias("mlp.gate_proj.bias", bias, hidden);
        float[] up = reader.Require("mlp.up_proj.weight", hidden, d);
        float[]? upBias = reader.Bias("mlp.up_proj.bias", bias, hidden);
        float[] down = reader.Require("mlp.down_proj.weight", d, hidden);
        float[]? downBias = reader.Bias("mlp.down_proj.bias", bias, d);
        return () => new CausalDecoderLayerParameters(d, heads, kvHeads, hidden,
            new NormParameters(NormKind.RmsNorm, d, norm1, null), new NormParameters(NormKind.RmsNorm, d, norm2, null),
            qkv[0], qkv[1], qkv[2], o, qkvBiases[0], qkvBiases[1], qkvBiases[2], ob, gate, gateBias, up, upBias, down, downBias);
    }

    /// <summary>The layer's tensors under <paramref name="prefix"/>, as HuggingFace names and shapes them.</summary>
    public static IEnumerable<SafeTensor> Tensors(CausalDecoderLayerParameters p, string prefix)
    {
        int d = p.DModel, hidden = p.Hidden, kvWidth = p.KvHeads * p.HeadDim;
        SafeTensor Tensor(string name, int[] shape, float[] values) => SafeTensor.FromFloat32(prefix + name, shape, values);
        yield return Tensor("input_layernorm.weight", [d], p.Norm1.Weight);
        yield return Tensor("self_attn.q_proj.weight", [d, d], p.QWeight);
        yield return Tensor("self_attn.k_proj.weight", [kvWidth, d], p.KWeight);
        yield return Tensor("self_attn.v_proj.weight", [kvWidth, d], p.VWeight);
        yield return Tensor("self_attn.o_proj.weight", [d, d], p.OWeight);
        if (p.HasQkvBias)
        {
            yield return Tensor("self_attn.q_proj.bias", [d], p.QBias!);
            yield return Tensor("self_attn.k_proj.bias", [kvWidth], p.KBias!);
            yield return Tensor("self_attn.v_proj.bias", [kvWidth], p.VBias!);
        }

        yield return Tensor("post_attention_layernorm.weight", [d], p.Norm2.Weight);
        yield return Tensor("mlp.gate_proj.weight", [hidden, d], p.GateWeight!);
        yield return Tensor("mlp.up_proj.weight", [hidden, d], p.UpWeight);
        yield return Tensor("mlp.down_proj.weight", [d, hidden], p.DownWeight);
        if (p.HasBias)
        {
            yield return Tensor("self_attn.o_proj.bias", [d], p.OBias!);
            yield return Tensor("mlp.gate_proj.bias", [hidden], p.GateBias!);
            yield return Tensor("mlp.up_proj.bias", [hidden], p.UpBias!);
            yield return Tensor("mlp.down_proj.bias", [d], p.DownBias!);
        }
    }
}
