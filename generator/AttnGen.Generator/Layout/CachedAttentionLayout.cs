namespace AttnGen.Generator.Layout;

/// <summary>
/// The shape of a causal self-attention over a key/value cache: the query, key and value projections in one product,
/// the rotary embedding, the cache's layout, and the output projection.
/// </summary>
/// <remarks>
/// A row of the projections' output is <c>[Heads·HeadDim queries | KvHeads·HeadDim keys | KvHeads·HeadDim values]</c>,
/// unpadded. The cache holds each key/value head's positions one after another, each padded with zeros to
/// <see cref="HeadDimPadded"/> so that the attention kernels read whole vectors; the context rows are padded the same
/// way, and the output projection's weight has zero columns to match.
/// </remarks>
/// <param name="Rows">The most rows one call of the projections takes.</param>
/// <param name="RotaryTheta">The rotary base; 0 for none.</param>
internal sealed record CachedAttentionLayout(int DModel, int Heads, int KvHeads, int MaxSeqLen, double RotaryTheta, int Rows)
{
    public int HeadDim => DModel / Heads;

    public int HeadDimPadded => Lanes.RoundUp(HeadDim);

    /// <summary>Query heads per key/value head.</summary>
    public int Group => Heads / KvHeads;

    public bool HasRotary => RotaryTheta > 0;

    /// <summary>Floats per key/value head in the cache: every position, padded.</summary>
    public int CacheHeadStride => MaxSeqLen * HeadDimPadded;

    public int KeyColumn => Heads * HeadDim;

    public int ValueColumn => (Heads + KvHeads) * HeadDim;

    /// <summary>Floats per context row: every head, padded.</summary>
    public int ContextWidth => Heads * HeadDimPadded;

    public GemmShape Projections => new("Qkv", Rows, (Heads + 2 * KvHeads) * HeadDim, DModel, RowsAtRunTime: true);

    public GemmShape OutputProjection => new("Output", Rows, DModel, ContextWidth, RowsAtRunTime: true);

    public string KernelClass => "AttentionKernels";
}
