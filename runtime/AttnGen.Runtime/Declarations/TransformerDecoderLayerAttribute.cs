namespace AttnGen;

/// <summary>
/// Declares a Transformer decoder layer as PyTorch's <c>nn.TransformerDecoderLayer</c>: causal self-attention,
/// cross-attention over <c>memory</c>, then a feed-forward block, each with a residual connection and a LayerNorm.
/// The generator emits constants, <c>Weights</c>, a constructor and <c>Forward(x, memory, y)</c>.
/// </summary>
/// <remarks>
/// <c>DModel</c>, <c>Heads</c>, <c>Hidden</c>, <c>SeqLen</c>, <c>MemorySeqLen</c> and <c>LayerNormEps</c> are
/// required. Every projection carries a bias.
/// </remarks>
[System.AttributeUsage(System.AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
[System.Diagnostics.Conditional("ATTNGEN_KEEP_ATTRIBUTES")]
public sealed class TransformerDecoderLayerAttribute : BlockAttribute
{
    /// <summary>Model width. Must be a multiple of <see cref="Heads"/>.</summary>
    public int DModel { get; set; }

    /// <summary>Number of attention heads, in both attentions.</summary>
    public int Heads { get; set; }

    /// <summary>Width of the feed-forward hidden layer.</summary>
    public int Hidden { get; set; }

    /// <summary>Target positions per batch item (the decoder's own sequence).</summary>
    public int SeqLen { get; set; }

    /// <summary>Positions of one <c>memory</c> sample (the encoder's output).</summary>
    public int MemorySeqLen { get; set; }

    /// <summary>The LayerNorm epsilon. Required, with no default (PyTorch 1e-5, BERT 1e-12).</summary>
    public double LayerNormEps { get; set; }

    /// <summary>The feed-forward activation; <see cref="AttnGen.Activation.Gelu"/> (exact) by default.</summary>
    public Activation Activation { get; set; }

    /// <summary>Pre-norm (<c>x + sublayer(LN(x))</c>) instead of the default post-norm.</summary>
    public bool NormFirst { get; set; }
}
