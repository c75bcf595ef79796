using System.Collections.Generic;
using System.Linq;
using AttnGen.Generator.Emitting;
using static AttnGen.Generator.Emitting.SourceWriter;

namespace AttnGen.Generator.Kernels;

/// <summary>
/// Emits the kernels of one <see cref="GemmShape"/>: a driver that walks the tiles, one register-blocked
/// tile method per tile shape that occurs, and a scalar fallback for machines without Vector256.
/// </summary>
internal static class GemmEmitter
{
    public static void Emit(SourceWriter w, GemmShape g)
    {
        EmitDriver(w, g);
        foreach ((int rows, int width) in TileShapes(g))
        {
            w.Line();
            EmitTile(w, g, rows, width);
        }

        if (g.Epilogue is { } activation)
        {
            w.Line();
            EmitActivate(w, g, activation);
        }

        w.Line();
        EmitScalar(w, g);
    }

    private static IEnumerable<(int Rows, int Width)> TileShapes(GemmShape g)
    {
        // With rows known only at run time, every remainder (1 to RowsPerTile - 1 rows) can occur.
        int[] rowCounts = g.RowsAtRunTime
            ? Enumerable.Range(1, GemmShape.RowsPerTile).Reverse().ToArray()
            : [g.FullRowTiles > 0 ? GemmShape.RowsPerTile : 0, g.RemainderRows];
        int[] widths = [g.FullPanels > 0 ? GemmShape.PanelWidth : 0, g.LastPanelWidth];
        return from rows in rowCounts where rows > 0 from width in widths where width > 0 select (rows, width);
    }

    private static string TileName(GemmShape g, int rows, int width) => $"{g.Name}Tile{rows}x{width}";

    private static void EmitDriver(SourceWriter w, GemmShape g)
    {
        string rows = g.RowsAtRunTime ? "rows" : Int(g.M);
        string epilogue = g.Epilogue is { } activation ? $"{activation}(" : "";
        string close = g.Epilogue is null ? "" : ")";
        w.Line($"/// <summary>");
        w.Line($"/// C[{rows}, {g.RowStride}] = {epilogue}A[{rows}, {g.K}]·Wᵀ + bias{close}, W packed in {g.PanelCount} panel(s) of up to {GemmShape.PanelWidth} columns;");
        w.Line($"/// this call computes the panels of one part of <paramref name=\"parts\"/>.");
        w.Line($"/// </summary>");
        w.Line(KernelText.HotMethod);
        using (w.Block($"internal static void {g.Name}({g.Parameters})"))
        {
            KernelText.FallbackDispatch(w, $"{g.Name}Scalar({g.ForwardedArguments});");
            w.Line($"(int firstPanel, int endPanel) = global::AttnGen.WorkerTeam.Share({Int(g.PanelCount)}, part, parts);");
            w.Line("// Panel by panel: one panel of W stays in cache while every row of A passes over it.");
            using (w.Block("for (int panel = firstPanel; panel < endPanel; panel++)"))
            {
                w.Line($"nuint column = (nuint)panel * {Int(GemmShape.PanelWidth)};");
                if (g.LastPanelWidth == 0)
                {
                    EmitRowWalk(w, g, GemmShape.PanelWidth);
                }
                else if (g.FullPanels == 0)
                {
                    EmitRowWalk(w, g, g.LastPanelWidth);
                }
                else
                {
                    using (w.Block($"if (panel < {Int(g.FullPanels)})"))
                    {
                        EmitRowWalk(w, g, GemmShape.PanelWidth);
                    }

                    using (w.Block("else"))
                    {
                        w.Line($"// The last panel, {g.LastPanelWidth} columns wide.");
                        EmitRowWalk(w, g, g.LastPanelWidth);
                    }
                }
            }
        }
    }

    /// <summary>Every row of A against one panel: whole tiles of <see cref="GemmShape.RowsPerTile"/> rows, then the rest.</summary>
    private static void EmitRowWalk(SourceWriter w, GemmShape g, int width)
    {
        if (g.RowsAtRunTime)
        {
            w.Line("nuint row = 0;");
            using (w.Block($"for (; row + {Int(GemmShape.RowsPerTile)} <= rows; row += {Int(GemmShape.RowsPerTile)})"))
            {
                w.Line(TileCall(g, GemmShape.RowsPerTile, width, "row"));
            }

            using (w.Block("switch (rows - row)"))
            {
                for (int remainder = GemmShape.RowsPerTile - 1; remainder > 0; remainder--)
                {
                    w.Line($"case {Int(remainder)}: {TileCall(g, remainder, width, "row")} break;");
                }
            }

            return;
        }

        if (g.FullRowTiles > 0)
        {
            using (w.Block($"for (nuint row = 0; row < {Int(g.FullRowTiles * GemmShape.RowsPerTile)}; row += {Int(GemmShape.RowsPerTile)})"))
            {
                w.Line(TileCall(g, GemmShape.RowsPerTile, width, "row"));
            }
        }

        if (g.RemainderRows > 0)
        {
            w.Line($"// The last {g.RemainderRows} row(s), which do not fill a tile of {GemmShape.RowsPerTile}.");
            w.Line(TileCall(g, g.RemainderRows, width, $"(nuint){Int(g.FullRowTiles * GemmShape.RowsPerTile)}"));
        }
    }

    private static string TileCall(GemmShape g, int rows, int width, string row) =>
        $"{TileName(g, rows, width)}(ref Unsafe.Add(ref a, {row} * {Int(g.K)}), ref Unsafe.Add(ref panels, column * {Int(g.K)}), " +
        $"ref Unsafe.Add(ref bias, column), ref Unsafe.Add(ref c, {row} * {Int(g.RowStride)} + column));";

    private static void EmitTile(SourceWriter w, GemmShape g, int rows, int width)
    {
        int vectors = width / Lanes.Count;
        string Acc(int r, int v) => $"c{r}{v}";
        w.Line($"/// <summary>{rows} row(s) × {width} columns of C, accumulated in registers over K = {g.K}.</summary>");
        w.Line(KernelText.HotMethod);
        using (w.Block($"private static void {TileName(g, rows, width)}(ref float a, ref float panel, ref float bias, ref float c)"))
        {
            w.Line("// Every accumulator starts from the bias, so the bias add is free.");
            for (int v = 0; v < vectors; v++)
            {
                w.Line($"Vector256<float> {Acc(0, v)} = Vector256.LoadUnsafe(ref bias, {Int(v * Lanes.Count)});");
            }

            for (int r = 1; r < rows; r++)
            {
                w.Line($"Vector256<float> {string.Join(", ", Enumerable.Range(0, vectors).Select(v => $"{Acc(r, v)} = {Acc(0, v)}"))};");
            }

            using (w.Block($"for (nuint k = 0; k < {Int(g.K)}; k++)"))
            {
                for (int v = 0; v < vectors; v++)
                {
                    w.Line($"Vector256<float> w{v} = Vector256.LoadUnsafe(ref panel, k * {Int(width)} + {Int(v * Lanes.Count)});");
                }

                for (int r = 0; r < rows; r++)
                {
                    w.Line($"Vector256<float> a{r} = Vector256.Create(Unsafe.Add(ref a, {Int(r * g.K)} + k));");
                    for (int v = 0; v < vectors; v++)
                    {
                        w.Line($"{Acc(r, v)} = Vector256.FusedMultiplyAdd(a{r}, w{v}, {Acc(r, v)});");
                    }
                }
            }

            for (int r = 0; r < rows; r++)
            {
                for (int v = 0; v < vectors; v++)
                {
                    w.Line($"{Acc(r, v)}.StoreUnsafe(ref c, {Int(r * g.RowStride + v * Lanes.Count)});");
                }
            }

            if (g.Epilogue is not null)
            {
                w.Line($"{g.Name}Activate(ref c, {Int(rows)}, {Int(width)});");
            }
        }
    }

    /// <summary>
    /// The activation over a tile just stored, still in L1. A separate method, called once no vector is live, so that the
    /// tile's K loop keeps only accumulators and weights in registers; PERF-NOTES records the JIT spilling accumulators
    /// once a tile method holds more live vectors than that.
    /// </summary>
    private static void EmitActivate(SourceWriter w, GemmShape g, Activation activation)
    {
        w.Line($"/// <summary>{activation} in place over a tile of C: <paramref name=\"rows\"/> × <paramref name=\"width\"/>, rows {g.RowStride} apart.</summary>");
        w.Line(KernelText.HotMethod);
        using (w.Block($"private static void {g.Name}Activate(ref float c, nuint rows, nuint width)"))
        using (w.Block("for (nuint row = 0; row < rows; row++)"))
        using (w.Block($"for (nuint column = 0; column < width; column += {Int(Lanes.Count)})"))
        {
            w.Line($"ref float at = ref Unsafe.Add(ref c, row * {Int(g.RowStride)} + column);");
            w.Line($"{g.ApplyEpilogue("Vector256.LoadUnsafe(ref at)")}.StoreUnsafe(ref at);");
        }
    }

    private static void EmitScalar(SourceWriter w, GemmShape g)
    {
        w.Line($"/// <summary>Scalar form of <see cref=\"{g.Name}\"/>, reading the same packed panels.</summary>");
        using (w.Block($"private static void {g.Name}Scalar({g.Parameters})"))
        {
            w.Line($"(int firstPanel, int endPanel) = global::AttnGen.WorkerTeam.Share({Int(g.PanelCount)}, part, parts);");
            w.Line($"int endColumn = Math.Min(endPanel * {Int(GemmShape.PanelWidth)}, {Int(g.RowStride)});");
            using (w.Block($"for (int row = 0; row < {(g.RowsAtRunTime ? "(int)rows" : Int(g.M))}; row++)"))
            using (w.Block($"for (int column = firstPanel * {Int(GemmShape.PanelWidth)}; column < endColumn; column++)"))
            {
                w.Line($"int panelStart = column / {Int(GemmShape.PanelWidth)} * {Int(GemmShape.PanelWidth)};");
                w.Line($"int width = Math.Min({Int(GemmShape.PanelWidth)}, {Int(g.RowStride)} - panelStart);");
                w.Line("float sum = Unsafe.Add(ref bias, column);");
                using (w.Block($"for (int k = 0; k < {Int(g.K)}; k++)"))
                {
                    w.Line($"sum += Unsafe.Add(ref a, row * {Int(g.K)} + k) * Unsafe.Add(ref panels, panelStart * {Int(g.K)} + k * width + column - panelStart);");
                }

                w.Line($"Unsafe.Add(ref c, row * {Int(g.RowStride)} + column) = {g.ApplyEpilogue("sum")};");
            }
        }
    }
}
