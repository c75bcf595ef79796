namespace AttnGen;

/// <summary>The checkpoint names a <see cref="CausalDecoderLayerParameters"/> layer is stored under.</summary>
public enum CausalDecoderLayerLayout
{
    /// <summary>
    /// HuggingFace <c>GPT2Block</c>: <c>ln_1.*</c>, <c>attn.c_attn.*</c> (q, k and v packed, Conv1D <c>[in, out]</c>),
    /// <c>attn.c_proj.*</c>, <c>ln_2.*</c>, <c>mlp.c_fc.*</c>, <c>mlp.c_proj.*</c>. LayerNorm, MLP, no grouped-query attention.
    /// </summary>
    Gpt2 = 0,

    /// <summary>
    /// HuggingFace <c>LlamaDecoderLayer</c> (and Qwen2's, Mistral's): <c>input_layernorm.weight</c>,
    /// <c>self_attn.{q,k,v,o}_proj.*</c>, <c>post_attention_layernorm.weight</c>, <c>mlp.{gate,up,down}_proj.*</c>, all
    /// <c>[out, in]</c>. RMSNorm and SwiGLU.
    /// </summary>
    Llama = 1,
}
