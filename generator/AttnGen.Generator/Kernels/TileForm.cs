using System.Collections.Generic;

namespace AttnGen.Generator.Kernels;

/// <summary>
/// A register-blocked tile shape for matrix products, sized for the vector registers one kind of machine has. Both
/// forms are emitted for every product; the JIT-constant <see cref="Condition"/> picks one when the kernels compile,
/// and the weights are packed at load in that form's panel width (<see cref="PanelWidthAtRunTime"/>).
/// </summary>
/// <param name="VectorBits">The widest vector the tile uses.</param>
/// <param name="PanelWidth">Columns per packed weight panel: the width of a full tile.</param>
/// <param name="RowsPerTile">Rows of a full tile, a power of two (a run-time row count's remainder is covered by its bits); 4 and 8
/// divide the usual sequence lengths (docs/PERF-NOTES.md: 6, 12 or 14 lose 3–50 %).</param>
internal sealed record TileForm(int VectorBits, int PanelWidth, int RowsPerTile, string Condition)
{
    /// <summary>
    /// AVX-512 gives 32 vector registers: 8 rows × 3 Vector512 = 24 accumulators, 3 weight vectors and a broadcast
    /// (docs/PERF-NOTES.md: 96 % of one core's peak on the BERT-base products).
    /// </summary>
    public static readonly TileForm Wide = new(512, 48, 8, "Vector512.IsHardwareAccelerated");

    /// <summary>
    /// AVX2 has 16: 4 rows × 3 Vector256 = 12 accumulators, 3 weight vectors and a broadcast; any more spill
    /// (docs/PERF-NOTES.md: 94 %).
    /// </summary>
    public static readonly TileForm Narrow = new(256, 24, 4, "Vector256.IsHardwareAccelerated");

    /// <summary>The forms in the order the dispatch tries them.</summary>
    public static readonly TileForm[] All = [Wide, Narrow];

    /// <summary>
    /// The panel width the packed weights must have on the running machine, as a C# expression: the first form whose
    /// condition holds, else the narrow form's width, which the scalar fallback also reads.
    /// </summary>
    public static string PanelWidthAtRunTime =>
        $"global::System.Runtime.Intrinsics.{Wide.Condition} ? {Wide.PanelWidth} : {Narrow.PanelWidth}";

    /// <summary>The type of the form's widest vector: <c>Vector512</c>, <c>Vector256</c>.</summary>
    public string VectorType => $"Vector{VectorBits}";

    /// <summary>Floats in the form's widest vector.</summary>
    public int LanesPerVector => VectorBits / 32;

    /// <summary>Names this form's kernels apart: <c>ProjectQuery512</c>.</summary>
    public string Suffix => VectorBits.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// The vectors covering <paramref name="width"/> columns (a multiple of 8): as many of this form's vectors as fit,
    /// then one Vector256 for a remaining 8 columns (only a narrower last panel of the wide form has one).
    /// </summary>
    public IEnumerable<TileVector> Vectors(int width)
    {
        int column = 0;
        for (; column + LanesPerVector <= width; column += LanesPerVector)
        {
            yield return new TileVector(VectorType, column);
        }

        for (; column < width; column += Lanes.Count)
        {
            yield return new TileVector("Vector256", column);
        }
    }
}

/// <summary>One vector of a tile row: its type (<c>Vector512</c>…) and its first column within the tile.</summary>
internal sealed record TileVector(string Type, int Column);
