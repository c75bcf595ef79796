namespace AttnGen.Generator.Layout;

/// <summary>
/// One matrix product <c>C[M, N] = A[M, K]·Wᵀ + bias</c> with <c>W</c> packed in column panels, and how the
/// register-blocked kernel covers it.
/// </summary>
/// <remarks>
/// A tile is some rows × one panel of columns, in one of the <see cref="TileForm"/>s. C's rows are padded to a
/// multiple of 8 columns (<see cref="RowStride"/>) so no column tail exists.
/// </remarks>
/// <param name="Operand">What the product computes (<c>Query</c>, <c>KeyValue</c>, <c>Output</c>…): names its
/// kernel, its packed weights and its scratch buffer alike.</param>
/// <param name="M">Rows of A and C; with <paramref name="RowsAtRunTime"/>, the most rows one call may pass.</param>
/// <param name="Epilogue">An activation applied to C in the registers, before the store; null for none.</param>
/// <param name="RowsAtRunTime">Whether the row count is an argument (any number of rows) instead of the constant M.</param>
/// <param name="EntrySuffix">Names the entry point apart from the constant-row one that shares its tiles (<see cref="RunTimeRows"/>).</param>
internal sealed record GemmShape(string Operand, int M, int N, int K, Activation? Epilogue = null, bool RowsAtRunTime = false, string EntrySuffix = "")
{
    /// <summary>The kernel's name, which its tiles carry.</summary>
    public string Name => "Project" + Operand;

    /// <summary>The name callers call: <see cref="Name"/>, or the run-time-row entry beside a constant-row product.</summary>
    public string Entry => Name + EntrySuffix;

    /// <summary>
    /// The same product over a run-time row count of at most M (packed sequences), entered as <c>{Name}Rows</c> beside
    /// the constant-row kernel, whose tiles it shares; a product whose rows are already run-time is returned as it is.
    /// </summary>
    public GemmShape RunTimeRows() => RowsAtRunTime ? this : this with { RowsAtRunTime = true, EntrySuffix = "Rows" };

    /// <summary>Columns of C per row, N rounded up to whole vectors; the packed weights have this many outputs.</summary>
    public int RowStride => Lanes.RoundUp(N);

    public int FullPanels(TileForm form) => RowStride / form.PanelWidth;

    /// <summary>Width of the last, narrower panel (a multiple of 8), or 0 when the panels divide the row exactly.</summary>
    public int LastPanelWidth(TileForm form) => RowStride % form.PanelWidth;

    /// <summary>Panels in all: the full ones and the narrower last one.</summary>
    public int PanelCount(TileForm form) => FullPanels(form) + (LastPanelWidth(form) > 0 ? 1 : 0);

    public int FullRowTiles(TileForm form) => M / form.RowsPerTile;

    public int RemainderRows(TileForm form) => M % form.RowsPerTile;

    /// <summary>
    /// The kernel's parameters; A and C are row-major, W packed, bias padded to the row stride. A call computes the
    /// column panels of one <c>part</c> of <c>parts</c>, so that threads can share a product without sharing an output.
    /// </summary>
    public string Parameters => "ref float a, ref float panels, ref float bias, ref float c" + (RowsAtRunTime ? ", nuint rows" : "") + ", int part, int parts";

    /// <summary>The arguments that pass <see cref="Parameters"/> on unchanged.</summary>
    public string ForwardedArguments => "ref a, ref panels, ref bias, ref c" + (RowsAtRunTime ? ", rows" : "") + ", part, parts";

    /// <summary>The epilogue applied to <paramref name="value"/> (a vector or a float), or the value itself.</summary>
    public string ApplyEpilogue(string value) => Epilogue is { } activation ? $"global::AttnGen.Activations.{activation}({value})" : value;
}
