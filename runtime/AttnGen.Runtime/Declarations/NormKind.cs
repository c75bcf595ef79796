namespace AttnGen;

/// <summary>The normalisation before each sub-layer of a <see cref="CausalDecoderLayerAttribute"/> layer.</summary>
/// <remarks>This file is compiled into the generator too, so both sides agree on names and values.</remarks>
public enum NormKind
{
    /// <summary><c>(x − mean) / sqrt(var + eps) · weight + bias</c>: GPT-2's <c>ln_1</c>/<c>ln_2</c>. The default.</summary>
    LayerNorm = 0,

    /// <summary><c>x · rsqrt(mean(x²) + eps) · weight</c>, no bias: Llama's <c>LlamaRMSNorm</c>.</summary>
    RmsNorm = 1,
}
