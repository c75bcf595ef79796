namespace AttnGen.Generator.Declarations;

/// <summary>
/// The shape of one attention as written: of a <c>[MultiHeadAttention]</c>, or the attention inside a layer. The
/// attention rules check it whichever attribute it came from.
/// </summary>
/// <param name="KeyValueLength">The argument that sets the key/value length (<c>KvSeqLen</c>, <c>MemorySeqLen</c>); null for self-attention.</param>
/// <param name="Mask">The argument that sets the masks; null where the attribute has none.</param>
internal sealed record AttentionShape(
    Argument<int> DModel, Argument<int> Heads, Argument<int> SeqLen, Argument<int>? KeyValueLength, Argument<AttentionMask>? Mask)
{
    public bool IsCrossAttention => KeyValueLength is not null;

    /// <summary>Keys per query: the key/value length for cross-attention, the sequence itself for self-attention.</summary>
    public int KeyCount => KeyValueLength?.Value ?? SeqLen.Value;

    public AttentionMask MaskValue => Mask?.Value ?? AttentionMask.None;
}
