namespace AttnGen.Generator.Kernels;

/// <summary>
/// One matrix product <c>C[M, N] = A[M, K]·Wᵀ + bias</c> with <c>W</c> packed in column panels, and how the
/// register-blocked kernel covers it.
/// </summary>
/// <remarks>
/// A tile is <see cref="RowsPerTile"/> rows × one panel (up to <see cref="PanelWidth"/> columns = 3 vectors):
/// 12 accumulators, 3 weight vectors and one broadcast, which fits the 16 vector registers of AVX2 without
/// spilling. C's rows are padded to a multiple of 8 columns (<see cref="RowStride"/>) so no column tail exists.
/// </remarks>
/// <param name="Operand">What the product computes (<c>Query</c>, <c>KeyValue</c>, <c>Output</c>…): names its
/// kernel, its packed weights and its scratch buffer alike.</param>
internal sealed record GemmShape(string Operand, int M, int N, int K)
{
    /// <summary>The kernel's name.</summary>
    public string Name => "Project" + Operand;

    public const int PanelWidth = 24;
    public const int RowsPerTile = 4;

    /// <summary>Columns of C per row, N rounded up to whole vectors; the packed weights have this many outputs.</summary>
    public int RowStride => Lanes.RoundUp(N);

    public int FullPanels => RowStride / PanelWidth;

    /// <summary>Width of the last, narrower panel (8 or 16), or 0 when the panels divide the row exactly.</summary>
    public int LastPanelWidth => RowStride % PanelWidth;

    public int FullRowTiles => M / RowsPerTile;

    public int RemainderRows => M % RowsPerTile;
}
