using AttnGen.Generator.Layout;
using AttnGen.Generator.Writing;
using static AttnGen.Generator.Writing.SourceWriter;

namespace AttnGen.Generator.Emitting.Blocks;

/// <summary>
/// One matrix product as a part of a generated class: its packed panels and padded bias in <c>Weights</c>, and the
/// entry a call takes for a constant or a run-time row count.
/// </summary>
internal static class GemmBlock
{
    /// <summary>The product a call runs: <paramref name="g"/> itself, or its run-time-row entry for <paramref name="packedRows"/> rows.</summary>
    public static GemmShape Rows(GemmShape g, string? packedRows) => packedRows is null ? g : g.RunTimeRows();

    /// <summary>The row count of a call, for its comment: <paramref name="packedRows"/>, <c>rows</c> or the constant M.</summary>
    public static string RowCount(GemmShape g, string? packedRows) => packedRows ?? (g.RowsAtRunTime ? "rows" : Int(g.M));

    /// <summary>The row-count argument (with its comma) where the entry takes one: <paramref name="packedRows"/>, else <c>rows</c>.</summary>
    public static string RowArgument(GemmShape g, string? packedRows) => g.RowsAtRunTime ? ", " + (packedRows ?? "rows") : "";

    public static void EmitWeightFields(SourceWriter w, string prefix, GemmShape g)
    {
        w.Line($"internal readonly {TypeNames.AlignedBuffer} {prefix}{g.Operand}Panels; // {g.RowStride} outputs × {g.K} inputs, in panels");
        w.Line($"internal readonly {TypeNames.AlignedBuffer} {prefix}{g.Operand}Bias; // [{g.RowStride}]");
    }

    /// <summary>
    /// Packs a PyTorch-layout <c>[N, K]</c> weight and its bias (<c>[]</c> for none) into the product's fields, in the
    /// panel width of the tile form the running machine's kernels use.
    /// </summary>
    public static void EmitPacking(SourceWriter w, string prefix, GemmShape g, string weight, string bias)
    {
        w.Line($"{prefix}{g.Operand}Panels = {TypeNames.WeightPacking}.PackPanels({weight}, {Int(g.N)}, {Int(g.K)}, {TileForm.PanelWidthAtRunTime});");
        w.Line($"{prefix}{g.Operand}Bias = {TypeNames.WeightPacking}.PadTo({bias}, {Int(g.RowStride)});");
    }
}
