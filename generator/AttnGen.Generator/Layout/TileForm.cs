using System.Collections.Generic;
using System.Linq;

namespace AttnGen.Generator.Layout;

/// <summary>
/// A register-blocked tile shape for matrix products, sized for the vector registers one kind of machine has. Every
/// form is emitted for every product; the JIT-constant <see cref="Condition"/> picks one when the kernels compile,
/// and the weights are packed at load in that form's panel width (<see cref="PanelWidthAtRunTime"/>). The other
/// kernels (head tiles, softmax, LayerNorm) come in the same forms and use their vector types.
/// </summary>
/// <param name="VectorBits">The widest vector the tile uses.</param>
/// <param name="PanelWidth">Columns per packed weight panel: the width of a full tile.</param>
/// <param name="RowsPerTile">Rows of a full tile, a power of two (a run-time row count's remainder is covered by its bits); 4 and 8
/// divide the usual sequence lengths (docs/PERF-NOTES.md: 6, 12 or 14 lose 3–50 %).</param>
/// <param name="MultiplyAdd">The multiply-add the form's kernels call, as a method of the vector type.</param>
internal sealed record TileForm(int VectorBits, int PanelWidth, int RowsPerTile, string Condition, string MultiplyAdd = "FusedMultiplyAdd")
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

    /// <summary>
    /// SSE (x64 without AVX2) and NEON (ARM64): 4 rows × 2 Vector128 = 8 accumulators. x64 has 16 registers here and,
    /// without FMA, a multiply-add needs one more for the product: 4 rows × 3 Vector128 (12 accumulators, 3 weights, a
    /// broadcast and a product) spills, and took 13 % longer on BERT-base. Its multiply-add rounds once where the
    /// processor has FMA (all of ARM64), else twice: .NET's fused form is emulated there, lane by lane, several times slower.
    /// </summary>
    public static readonly TileForm Small = new(128, 8, 4, "Vector128.IsHardwareAccelerated", "MultiplyAddEstimate");

    /// <summary>The forms in the order the dispatch tries them.</summary>
    public static readonly TileForm[] All = [Wide, Narrow, Small];

    /// <summary>
    /// The forms of the row kernels (LayerNorm, residual and embedding sums): rows this short, each read once, gain
    /// nothing from Vector512, which would only change the order of LayerNorm's sums.
    /// </summary>
    public static readonly TileForm[] RowForms = [Narrow, Small];

    /// <summary>The form whose panels the scalar fallback reads: the last one, which a machine without its vectors falls through to.</summary>
    public static TileForm Fallback => All[All.Length - 1];

    /// <summary>
    /// The panel width the packed weights must have on the running machine, as a C# expression: the first form whose
    /// condition holds, else the fallback's width, which the scalar form also reads.
    /// </summary>
    public static string PanelWidthAtRunTime =>
        string.Concat(All.Take(All.Length - 1).Select(form => $"global::System.Runtime.Intrinsics.{form.Condition} ? {form.PanelWidth} : "))
        + Fallback.PanelWidth;

    /// <summary>The type of the form's widest vector: <c>Vector512</c>, <c>Vector256</c>, <c>Vector128</c>.</summary>
    public string VectorType => $"Vector{VectorBits}";

    /// <summary>Floats in the form's widest vector.</summary>
    public int LanesPerVector => VectorBits / 32;

    /// <summary>Names this form's kernels apart: <c>ProjectQuery512</c>, <c>ProjectQuery128</c>.</summary>
    public string Suffix => VectorBits.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// The vectors covering <paramref name="width"/> columns (a multiple of 8): as many of this form's vectors as fit,
    /// then one Vector256 for a remaining 8 columns (only a narrower last panel of the Vector512 form has one).
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
