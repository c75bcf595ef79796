namespace AttnGen;

/// <summary>
/// Declares a decoder-only Transformer layer, pre-norm, as GPT-2's <c>GPT2Block</c> and Llama's
/// <c>LlamaDecoderLayer</c>: <c>x = x + Attn(Norm1(x)); x = x + Ffn(Norm2(x))</c>, with causal self-attention over
/// a key/value cache. The generator emits constants, <c>Weights</c>, a nested <c>Cache</c>, a constructor,
/// <c>Forward(x, cache, y)</c> and <c>Step(x, caches, y)</c>.
/// </summary>
/// <remarks>
/// <c>DModel</c>, <c>Heads</c>, <c>Hidden</c>, <c>MaxSeqLen</c> and <c>NormEps</c> are required. GPT-2 is
/// <c>Norm = LayerNorm, Ffn = Mlp, Activation = GeluTanh, Bias = true</c>; Llama is
/// <c>Norm = RmsNorm, Ffn = SwiGlu, RotaryTheta = 10000</c> (Qwen2 adds <c>QkvBias = true</c>).
/// </remarks>
[System.AttributeUsage(System.AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
[System.Diagnostics.Conditional("ATTNGEN_KEEP_ATTRIBUTES")]
public sealed class CausalDecoderLayerAttribute : BlockAttribute
{
    /// <summary>Model width. Must be a multiple of <see cref="Heads"/>.</summary>
    public int DModel { get; set; }

    /// <summary>Number of query heads.</summary>
    public int Heads { get; set; }

    /// <summary>
    /// Number of key/value heads; unset means <see cref="Heads"/>. Fewer is grouped-query attention (each key/value
    /// head serves <c>Heads / KvHeads</c> query heads), 1 is multi-query attention. Must divide <see cref="Heads"/>.
    /// </summary>
    public int KvHeads { get; set; }

    /// <summary>Width of the feed-forward hidden layer (GPT-2's <c>n_inner</c>, Llama's <c>intermediate_size</c>).</summary>
    public int Hidden { get; set; }

    /// <summary>The cache's capacity: the most positions one sequence may hold.</summary>
    public int MaxSeqLen { get; set; }

    /// <summary>
    /// The norms' epsilon. Required, with no default: GPT-2 uses 1e-5, Llama 1e-5 or 1e-6, and a silent default is how
    /// ports drift.
    /// </summary>
    public double NormEps { get; set; }

    /// <summary>The norm before each sub-layer; <see cref="NormKind.LayerNorm"/> by default.</summary>
    public NormKind Norm { get; set; }

    /// <summary>The feed-forward block's form; <see cref="FfnKind.Mlp"/> by default.</summary>
    public FfnKind Ffn { get; set; }

    /// <summary>The activation of an <see cref="FfnKind.Mlp"/> block; SwiGLU always uses SiLU.</summary>
    public Activation Activation { get; set; }

    /// <summary>
    /// The base of the rotary position embedding (Llama's <c>rope_theta</c>, usually 10000); unset means none (GPT-2
    /// adds learned positions outside the layer). HuggingFace's <c>rotate_half</c> convention: dimension <c>i</c>
    /// pairs with <c>i + HeadDim/2</c>.
    /// </summary>
    public double RotaryTheta { get; set; }

    /// <summary>Every linear layer carries a bias (GPT-2). Llama has none.</summary>
    public bool Bias { get; set; }

    /// <summary>Only the query, key and value projections carry biases (Qwen2).</summary>
    public bool QkvBias { get; set; }
}
