namespace AttnGen;

/// <summary>The feed-forward block of a <see cref="CausalDecoderLayerAttribute"/> layer.</summary>
/// <remarks>This file is compiled into the generator too, so both sides agree on names and values.</remarks>
public enum FfnKind
{
    /// <summary><c>down(act(up(h)))</c> with the layer's <see cref="Activation"/>: GPT-2's <c>mlp.c_fc</c>, <c>mlp.c_proj</c>. The default.</summary>
    Mlp = 0,

    /// <summary><c>down(silu(gate(h)) · up(h))</c>: Llama's <c>mlp.gate_proj</c>, <c>up_proj</c>, <c>down_proj</c>.</summary>
    SwiGlu = 1,
}
