namespace AttnGen;

/// <summary>
/// Declares a multi-head attention block of a fixed shape. The generator emits, into the annotated
/// <c>partial class</c>, the shape constants, a nested <c>Weights</c> type, a constructor and a
/// <c>Forward</c> method specialised to exactly this shape.
/// </summary>
/// <remarks>
/// <c>DModel</c>, <c>Heads</c> and <c>SeqLen</c> are required. Setting <see cref="KvSeqLen"/> (even to the
/// value of <see cref="SeqLen"/>) makes the block cross-attention over a separate <c>memory</c> input.
/// </remarks>
[System.AttributeUsage(System.AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
[System.Diagnostics.Conditional("ATTNGEN_KEEP_ATTRIBUTES")]
public sealed class MultiHeadAttentionAttribute : BlockAttribute
{
    /// <summary>Model width: the length of one token's vector. Must be a multiple of <see cref="Heads"/>.</summary>
    public int DModel { get; set; }

    /// <summary>Number of attention heads; each head sees <c>DModel / Heads</c> dimensions.</summary>
    public int Heads { get; set; }

    /// <summary>Number of query positions in one batch item.</summary>
    public int SeqLen { get; set; }

    /// <summary>
    /// Number of key/value positions. Leave unset for self-attention (keys are the queries' own tokens);
    /// set it for cross-attention over a <c>memory</c> input of this length.
    /// </summary>
    public int KvSeqLen { get; set; }

    /// <summary>The masks applied before the softmax; they decide which extra <c>Forward</c> arguments exist.</summary>
    public AttentionMask Mask { get; set; }

    /// <summary>Whether the projections carry biases (PyTorch's <c>bias=True</c>, the default).</summary>
    public bool Bias { get; set; } = true;
}
