using System.Collections.Generic;
using System.Linq;
using AttnGen.Generator.Layout;
using AttnGen.Generator.Writing;
using static AttnGen.Generator.Writing.SourceWriter;

namespace AttnGen.Generator.Kernels;

/// <summary>
/// Emits the kernels of one <see cref="GemmShape"/>: a dispatch to the <see cref="TileForm"/> the machine runs, for
/// each form a driver that walks the tiles and one register-blocked method per tile shape that occurs, and a scalar
/// fallback for machines without vector acceleration.
/// </summary>
internal static class GemmEmitter
{
    /// <param name="withRunTimeRows">
    /// Whether a constant-row product also gets an entry over a run-time row count (<see cref="GemmShape.RunTimeRows"/>),
    /// for packed sequences; the two share their tiles.
    /// </param>
    public static void Emit(SourceWriter w, GemmShape g, bool withRunTimeRows = false)
    {
        GemmShape[] entries = withRunTimeRows && !g.RowsAtRunTime ? [g, g.RunTimeRows()] : [g];
        foreach (GemmShape entry in entries)
        {
            EmitDispatch(w, entry);
        }

        foreach (TileForm form in TileForm.All)
        {
            foreach (GemmShape entry in entries)
            {
                w.Line();
                EmitDriver(w, entry, form);
            }

            foreach ((int rows, int width) in entries.SelectMany(entry => TileShapes(entry, form)).Distinct())
            {
                w.Line();
                EmitTile(w, g, form, rows, width);
            }
        }

        if (g.Epilogue is { } activation)
        {
            w.Line();
            EmitActivate(w, g, activation);
        }

        foreach (GemmShape entry in entries)
        {
            w.Line();
            EmitScalar(w, entry);
        }
    }

    private static IEnumerable<(int Rows, int Width)> TileShapes(GemmShape g, TileForm form)
    {
        int[] rowCounts = g.RowsAtRunTime
            ? RunTimeRowCounts(form).ToArray()
            : [g.FullRowTiles(form) > 0 ? form.RowsPerTile : 0, g.RemainderRows(form)];
        int[] widths = [g.FullPanels(form) > 0 ? form.PanelWidth : 0, g.LastPanelWidth(form)];
        return from rows in rowCounts where rows > 0 from width in widths where width > 0 select (rows, width);
    }

    /// <summary>The tile heights for a run-time row count: a full tile, then the powers of two below it (8, 4, 2, 1).</summary>
    private static IEnumerable<int> RunTimeRowCounts(TileForm form)
    {
        for (int rows = form.RowsPerTile; rows > 0; rows /= 2)
        {
            yield return rows;
        }
    }

    /// <summary>The name <see cref="KernelText.FormDispatch"/> calls for <paramref name="form"/>.</summary>
    private static string DriverName(GemmShape g, TileForm form) => g.Entry + form.Suffix;

    private static string TileName(GemmShape g, TileForm form, int rows, int width) => $"{g.Name}{form.Suffix}Tile{rows}x{width}";

    private static void EmitDispatch(SourceWriter w, GemmShape g)
    {
        string rows = g.RowsAtRunTime ? "rows" : Int(g.M);
        string epilogue = g.Epilogue is { } activation ? $"{activation}(" : "";
        string close = g.Epilogue is null ? "" : ")";
        w.Line($"/// <summary>");
        w.Line($"/// C[{rows}, {g.RowStride}] = {epilogue}A[{rows}, {g.K}]·Wᵀ + bias{close}, W packed in panels of the tile form this machine");
        w.Line($"/// runs; this call computes the panels of one part of <paramref name=\"parts\"/>.");
        w.Line($"/// </summary>");
        KernelText.FormDispatch(w, g.Entry, g.Parameters, g.ForwardedArguments);
    }

    private static void EmitDriver(SourceWriter w, GemmShape g, TileForm form)
    {
        int panelCount = g.PanelCount(form), fullPanels = g.FullPanels(form), lastWidth = g.LastPanelWidth(form);
        w.Summary($"{g.Entry} in {form.RowsPerTile}-row tiles over {panelCount} panel(s) of up to {form.PanelWidth} columns.");
        w.Line(KernelText.HotMethod);
        using (w.Block($"private static void {DriverName(g, form)}({g.Parameters})"))
        {
            if (g.RowsAtRunTime)
            {
                w.Line($"(int firstPanel, int endPanel) = {TypeNames.WorkerTeam}.Share({Int(panelCount)}, part, parts);");
            }
            else
            {
                int rowTiles = RowTiles(g, form);
                w.Line("// Parts take whole row tiles where those divide evenly, so every part does the same work even where the last");
                w.Line("// panel is narrower; else whole panels. Each tile is computed alike either way, so results do not change.");
                w.Line($"bool byRows = {Int(rowTiles)} % parts == 0;");
                w.Line($"(int firstPanel, int endPanel) = byRows ? (0, {Int(panelCount)}) : {TypeNames.WorkerTeam}.Share({Int(panelCount)}, part, parts);");
                w.Line($"(int firstTile, int endTile) = byRows ? {TypeNames.WorkerTeam}.Share({Int(rowTiles)}, part, parts) : (0, {Int(rowTiles)});");
            }

            w.Line("// Panel by panel: one panel of W stays in cache while the rows of A pass over it.");
            using (w.Block("for (int panel = firstPanel; panel < endPanel; panel++)"))
            {
                w.Line($"nuint column = (nuint)panel * {Int(form.PanelWidth)};");
                if (lastWidth == 0)
                {
                    EmitRowWalk(w, g, form, form.PanelWidth);
                }
                else if (fullPanels == 0)
                {
                    EmitRowWalk(w, g, form, lastWidth);
                }
                else
                {
                    using (w.Block($"if (panel < {Int(fullPanels)})"))
                    {
                        EmitRowWalk(w, g, form, form.PanelWidth);
                    }

                    using (w.Block("else"))
                    {
                        w.Line($"// The last panel, {lastWidth} columns wide.");
                        EmitRowWalk(w, g, form, lastWidth);
                    }
                }
            }
        }
    }

    /// <summary>Every row of A against one panel: whole tiles of the form's rows, then the rest.</summary>
    private static void EmitRowWalk(SourceWriter w, GemmShape g, TileForm form, int width)
    {
        int tileRows = form.RowsPerTile;
        if (g.RowsAtRunTime)
        {
            w.Line("nuint row = 0;");
            using (w.Block($"for (; row + {Int(tileRows)} <= rows; row += {Int(tileRows)})"))
            {
                w.Line(TileCall(g, form, tileRows, width, "row"));
            }

            w.Line("// The remaining rows as a sum of powers of two: a few tile shapes cover every remainder.");
            foreach (int remainder in RunTimeRowCounts(form).Skip(1))
            {
                using (w.Block($"if ((rows & {Int(remainder)}) != 0)"))
                {
                    w.Line(TileCall(g, form, remainder, width, "row"));
                    if (remainder > 1)
                    {
                        w.Line($"row += {Int(remainder)};");
                    }
                }
            }

            return;
        }

        int fullTiles = g.FullRowTiles(form);
        string endFull = g.RemainderRows(form) > 0 ? $"{TypeNames.Math}.Min(endTile, {Int(fullTiles)})" : "endTile";
        if (fullTiles > 0)
        {
            using (w.Block($"for (nuint row = (nuint)firstTile * {Int(tileRows)}; row < (nuint){endFull} * {Int(tileRows)}; row += {Int(tileRows)})"))
            {
                w.Line(TileCall(g, form, tileRows, width, "row"));
            }
        }

        if (g.RemainderRows(form) > 0)
        {
            using (w.Block($"if (endTile > {Int(fullTiles)})"))
            {
                w.Line($"// The last {g.RemainderRows(form)} row(s), which do not fill a tile of {tileRows}.");
                w.Line(TileCall(g, form, g.RemainderRows(form), width, $"(nuint){Int(fullTiles * tileRows)}"));
            }
        }
    }

    /// <summary>Row tiles of a constant row count: the full ones and a shorter last one.</summary>
    private static int RowTiles(GemmShape g, TileForm form) => g.FullRowTiles(form) + (g.RemainderRows(form) > 0 ? 1 : 0);

    private static string TileCall(GemmShape g, TileForm form, int rows, int width, string row) =>
        $"{TileName(g, form, rows, width)}(ref Unsafe.Add(ref a, {row} * {Int(g.K)}), ref Unsafe.Add(ref panels, column * {Int(g.K)}), " +
        $"ref Unsafe.Add(ref bias, column), ref Unsafe.Add(ref c, {row} * {Int(g.RowStride)} + column));";

    private static void EmitTile(SourceWriter w, GemmShape g, TileForm form, int rows, int width)
    {
        TileVector[] vectors = form.Vectors(width).ToArray();
        string[] broadcastTypes = vectors.Select(v => v.Type).Distinct().ToArray();
        string Acc(int r, int v) => $"c{r}_{v}";
        string Broadcast(int r, string type) => type == broadcastTypes[0] ? $"a{r}" : $"h{r}";

        w.Summary($"{rows} row(s) × {width} columns of C, accumulated in registers over K = {g.K}.");
        w.Line(KernelText.HotMethod);
        using (w.Block($"private static void {TileName(g, form, rows, width)}(ref float a, ref float panel, ref float bias, ref float c)"))
        {
            w.Line("// Every accumulator starts from the bias, so the bias add is free.");
            for (int v = 0; v < vectors.Length; v++)
            {
                w.Line($"{vectors[v].Type}<float> {Acc(0, v)} = {vectors[v].Type}.LoadUnsafe(ref bias, {Int(vectors[v].Column)});");
            }

            for (int r = 1; r < rows; r++)
            {
                for (int v = 0; v < vectors.Length; v++)
                {
                    w.Line($"{vectors[v].Type}<float> {Acc(r, v)} = {Acc(0, v)};");
                }
            }

            // Each K step loads the panel's vectors for k, broadcasts each row's A[row, k] once and multiply-adds.
            // (Unrolling K by 2 or 4 measured no faster: the loop is bound by the multiply-adds, not its branch.)
            using (w.Block($"for (nuint k = 0; k < {Int(g.K)}; k++)"))
            {
                for (int v = 0; v < vectors.Length; v++)
                {
                    string offset = vectors[v].Column == 0 ? "" : $" + {Int(vectors[v].Column)}";
                    w.Line($"{vectors[v].Type}<float> w{v} = {vectors[v].Type}.LoadUnsafe(ref panel, k * {Int(width)}{offset});");
                }

                for (int r = 0; r < rows; r++)
                {
                    foreach (string type in broadcastTypes)
                    {
                        w.Line($"{type}<float> {Broadcast(r, type)} = {type}.Create(Unsafe.Add(ref a, {Plus(r * g.K, "k")}));");
                    }

                    for (int v = 0; v < vectors.Length; v++)
                    {
                        w.Line($"{Acc(r, v)} = {vectors[v].Type}.{form.MultiplyAdd}({Broadcast(r, vectors[v].Type)}, w{v}, {Acc(r, v)});");
                    }
                }
            }

            for (int r = 0; r < rows; r++)
            {
                for (int v = 0; v < vectors.Length; v++)
                {
                    w.Line($"{Acc(r, v)}.StoreUnsafe(ref c, {Int(r * g.RowStride + vectors[v].Column)});");
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
    /// tile's K loop keeps only accumulators and weights in registers; docs/PERF-NOTES.md records the JIT spilling accumulators
    /// once a tile method holds more live vectors than that.
    /// </summary>
    private static void EmitActivate(SourceWriter w, GemmShape g, Activation activation)
    {
        w.Summary($"{activation} in place over a tile of C: <paramref name=\"rows\"/> × <paramref name=\"width\"/>, rows {g.RowStride} apart.");
        w.Line(KernelText.HotMethod);
        using (w.Block($"private static void {g.Name}Activate(ref float c, nuint rows, nuint width)"))
        using (w.Block("for (nuint row = 0; row < rows; row++)"))
        {
            w.Line($"ref float line = ref Unsafe.Add(ref c, row * {Int(g.RowStride)});");
            w.Line("nuint i = 0;");
            w.Line("// The widest vector accelerated: a long formula like GELU runs in half the instructions in Vector512. Widths are");
            w.Line("// whole vectors of the tile's form, so no float is left over.");
            KernelText.ElementwiseLoop(w, "width", TileForm.All,
                form => $"{g.ApplyEpilogue($"{form.VectorType}.LoadUnsafe(ref line, i)")}.StoreUnsafe(ref line, i);", scalarBody: null);
        }
    }

    /// <summary>
    /// The form for machines without vector acceleration, reading the weights packed in the fallback form's panels
    /// (<see cref="TileForm.PanelWidthAtRunTime"/>).
    /// </summary>
    private static void EmitScalar(SourceWriter w, GemmShape g)
    {
        int panelWidth = TileForm.Fallback.PanelWidth;
        w.Summary($"Scalar form of <see cref=\"{g.Entry}\"/>, reading the panels packed {panelWidth} columns wide.");
        using (w.Block($"private static void {g.Entry}Scalar({g.Parameters})"))
        {
            w.Line($"(int firstPanel, int endPanel) = {TypeNames.WorkerTeam}.Share({Int(g.PanelCount(TileForm.Fallback))}, part, parts);");
            w.Line($"int endColumn = Math.Min(endPanel * {Int(panelWidth)}, {Int(g.RowStride)});");
            using (w.Block($"for (int row = 0; row < {(g.RowsAtRunTime ? "(int)rows" : Int(g.M))}; row++)"))
            using (w.Block($"for (int column = firstPanel * {Int(panelWidth)}; column < endColumn; column++)"))
            {
                w.Line($"int panelStart = column / {Int(panelWidth)} * {Int(panelWidth)};");
                w.Line($"int width = Math.Min({Int(panelWidth)}, {Int(g.RowStride)} - panelStart);");
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
