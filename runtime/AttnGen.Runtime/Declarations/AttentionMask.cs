namespace AttnGen;

/// <summary>
/// Which masks an attention block applies before its softmax. Flags combine additively:
/// a key hidden by any of them is hidden.
/// </summary>
/// <remarks>This file is compiled into the generator too, so both sides agree on names and values.</remarks>
[System.Flags]
public enum AttentionMask
{
    /// <summary>Every query sees every key.</summary>
    None = 0,

    /// <summary>Query <c>i</c> sees keys <c>0..i</c> only: keys after the query position are hidden.</summary>
    Causal = 1,

    /// <summary>
    /// One valid length per batch item (<c>keyLengths</c>): keys at positions ≥ that length are padding and hidden.
    /// </summary>
    KeyPadding = 2,

    /// <summary>
    /// An additive float mask <c>[SeqLen, KvSeqLen]</c> (<c>mask</c>), added to the scores; it may hold -∞.
    /// Build one from a boolean mask with <see cref="AttentionMasks.FromBlocked"/> or <see cref="AttentionMasks.FromAllowed"/>.
    /// </summary>
    Explicit = 4,
}
