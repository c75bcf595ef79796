using AttnGen.Generator.Kernels;
using static AttnGen.Generator.Emitting.SourceWriter;

namespace AttnGen.Generator.Emitting.Blocks;

/// <summary>The weight side of one matrix product: its packed panels and padded bias in <c>Weights</c>.</summary>
internal static class GemmBlock
{
    public static void EmitWeightFields(SourceWriter w, string prefix, GemmShape g)
    {
        w.Line($"internal readonly global::AttnGen.AlignedBuffer {prefix}{g.Operand}Panels; // {g.RowStride} outputs × {g.K} inputs, in panels");
        w.Line($"internal readonly global::AttnGen.AlignedBuffer {prefix}{g.Operand}Bias; // [{g.RowStride}]");
    }

    /// <summary>
    /// Packs a PyTorch-layout <c>[N, K]</c> weight and its bias (<c>[]</c> for none) into the product's fields, in the
    /// panel width of the tile form the running machine's kernels use.
    /// </summary>
    public static void EmitPacking(SourceWriter w, string prefix, GemmShape g, string weight, string bias)
    {
        w.Line($"{prefix}{g.Operand}Panels = global::AttnGen.WeightPacking.PackPanels({weight}, {Int(g.N)}, {Int(g.K)}, {TileForm.PanelWidthAtRunTime});");
        w.Line($"{prefix}{g.Operand}Bias = global::AttnGen.WeightPacking.PadTo({bias}, {Int(g.RowStride)});");
    }
}
