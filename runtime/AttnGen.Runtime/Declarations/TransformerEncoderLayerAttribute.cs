namespace AttnGen;

/// <summary>
/// Declares a Transformer encoder layer: self-attention and a feed-forward block, each with a residual
/// connection and a LayerNorm, as PyTorch's <c>nn.TransformerEncoderLayer</c> and HuggingFace's <c>BertLayer</c>.
/// The generator emits constants, <c>Weights</c>, a constructor and <c>Forward(x, [keyLengths], [mask], y)</c>.
/// </summary>
/// <remarks>
/// <c>DModel</c>, <c>Heads</c>, <c>Hidden</c>, <c>SeqLen</c> and <c>LayerNormEps</c> are required. Post-norm (the
/// default, BERT's and PyTorch's) computes <c>x = LN(x + sublayer(x))</c>; <see cref="NormFirst"/> computes
/// <c>x = x + sublayer(LN(x))</c>. Every projection carries a bias.
/// </remarks>
[System.AttributeUsage(System.AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
[System.Diagnostics.Conditional("ATTNGEN_KEEP_ATTRIBUTES")]
public sealed class TransformerEncoderLayerAttribute : BlockAttribute
{
    /// <summary>Model width. Must be a multiple of <see cref="Heads"/>.</summary>
    public int DModel { get; set; }

    /// <summary>Number of attention heads.</summary>
    public int Heads { get; set; }

    /// <summary>Width of the feed-forward hidden layer.</summary>
    public int Hidden { get; set; }

    /// <summary>Positions per batch item.</summary>
    public int SeqLen { get; set; }

    /// <summary>
    /// The LayerNorm epsilon. Required, with no default: PyTorch uses 1e-5 and BERT 1e-12, and a silent default
    /// is how ports drift.
    /// </summary>
    public double LayerNormEps { get; set; }

    /// <summary>The self-attention's masks; they decide which extra <c>Forward</c> arguments exist.</summary>
    public AttentionMask Mask { get; set; }

    /// <summary>The feed-forward activation; <see cref="AttnGen.Activation.Gelu"/> (exact) by default.</summary>
    public Activation Activation { get; set; }

    /// <summary>Pre-norm (<c>x + sublayer(LN(x))</c>) instead of the default post-norm.</summary>
    public bool NormFirst { get; set; }
}
