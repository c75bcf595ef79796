using System;
using System.Linq;
using AttnGen.Generator.Layout;
using AttnGen.Generator.Writing;
using static AttnGen.Generator.Writing.SourceWriter;

namespace AttnGen.Generator.Kernels;

/// <summary>
/// Emits the loop shape the attention kernels share: a small matrix product
/// <c>Output[row, o] = Σ_k Factors[row, k]·Stream[k, o]</c> for every row of one head, computed a
/// <see cref="HeadTile"/> at a time in each vector form, and its scalar form.
/// </summary>
/// <remarks>
/// Scores use it as <c>sᵀ[j, i] = Σ_d k[j, d]·Qᵀ[d, i]</c> (output along queries) and the context as
/// <c>ctx[i, c] = Σ_j pᵀ[j, i]·V[j, c]</c> (output along head dimensions): both vectorise along the output,
/// so neither needs a horizontal sum. The scalar form reads the same elements in the same layout.
/// </remarks>
/// <param name="Rows">Output rows: the keys or the queries of one head, an <c>nuint</c> expression known when the kernel runs.</param>
/// <param name="Width">Floats in an output row, a multiple of 8: constant, or known only when the kernel runs.</param>
/// <param name="FactorRowStride">Factors[row, k] is at <c>row·FactorRowStride + k·FactorStepStride</c>.</param>
/// <param name="ReductionEnd">The reduction's bound for a tile, an <c>nuint</c> expression of its first row and its row count.</param>
/// <param name="Start">
/// Where a tile needs only the end of its rows (causal scores): the first output float it computes, a multiple of 8
/// as an <c>nuint</c> expression of its first row; <see langword="null"/> for whole rows.
/// </param>
/// <param name="NarrowTile">The tile of the Vector256 form; the Vector512 and Vector128 forms' are always <see cref="HeadTile.Wide"/> and <see cref="HeadTile.Small"/>.</param>
internal sealed record BroadcastAccumulate(
    string Rows,
    OutputWidth Width,
    string Factors,
    int FactorRowStride,
    int FactorStepStride,
    string Stream,
    int StreamStride,
    string Output,
    int OutputStride,
    Func<string, int, string> ReductionEnd,
    Func<string, string>? Start,
    HeadTile NarrowTile)
{
    /// <summary>The vector forms, one per <see cref="TileForm"/>, in the order the dispatch tries them.</summary>
    public HeadTile[] Tiles => [HeadTile.Wide, NarrowTile, HeadTile.Small];

    /// <summary>
    /// The vector form in <paramref name="tile"/>s: whole tiles of its rows, then the rest as a sum of powers of two,
    /// each a tile of its own (the tile's row count is a power of two).
    /// </summary>
    public void Emit(SourceWriter w, HeadTile tile)
    {
        w.Line("nuint row = 0;");
        using (w.Block($"for (; row + {Int(tile.Rows)} <= {Rows}; row += {Int(tile.Rows)})"))
        {
            EmitTile(w, tile, tile.Rows);
        }

        for (int rows = tile.Rows / 2; rows > 0; rows /= 2)
        {
            using (w.Block($"if ((({Rows}) & {Int(rows)}) != 0)"))
            {
                EmitTile(w, tile, rows);
                if (rows > 1)
                {
                    w.Line($"row += {Int(rows)};");
                }
            }
        }
    }

    private void EmitTile(SourceWriter w, HeadTile tile, int rows)
    {
        w.Line($"nuint end = {ReductionEnd("row", rows)};");
        // One reference each for the tile's factors and outputs; a row is a constant offset from it.
        w.Line($"ref float factors = ref Unsafe.Add(ref {Factors}, {Times("row", FactorRowStride)});");
        w.Line($"ref float output = ref Unsafe.Add(ref {Output}, {Times("row", OutputStride)});");
        if (Start is null && Width.Constant is int constantWidth)
        {
            EmitWholeRows(w, tile, rows, constantWidth);
        }
        else
        {
            EmitRowEnds(w, tile, rows, Start is null ? "0" : Start("row"));
        }
    }

    /// <summary>Whole blocks from column 0, then the narrower blocks that the rest of a constant-width row needs, at constant columns.</summary>
    private void EmitWholeRows(SourceWriter w, HeadTile tile, int rows, int width)
    {
        int fullBlocks = width / tile.BlockWidth, column = fullBlocks * tile.BlockWidth;
        if (fullBlocks > 0)
        {
            // A loop that would run once is a block at a constant column, as the narrower ones below.
            using (w.Block(fullBlocks == 1 ? "" : $"for (nuint o = 0; o < {Int(column)}; o += {Int(tile.BlockWidth)})"))
            {
                if (fullBlocks == 1)
                {
                    w.Line("const nuint o = 0;");
                }

                EmitBlock(w, tile, rows, tile.BlockWidth);
            }
        }

        foreach (int tail in tile.TailWidths.Where(tail => column + tail <= width))
        {
            using (w.Block(""))
            {
                w.Line($"const nuint o = {Int(column)};");
                EmitBlock(w, tile, rows, tail);
            }

            column += tail;
        }
    }

    /// <summary>
    /// The rows from column <paramref name="start"/> to <see cref="Width"/>, either known only when the tile runs: whole
    /// blocks while they fit, then each narrower block that still fits (the widths halve, so they cover any multiple of 8).
    /// </summary>
    private void EmitRowEnds(SourceWriter w, HeadTile tile, int rows, string start)
    {
        w.Line($"nuint o = {start};");
        int[] widths = tile.TailWidths.ToArray();
        using (w.Block($"for (; o + {Int(tile.BlockWidth)} <= {Width.Expression}; o += {Int(tile.BlockWidth)})"))
        {
            EmitBlock(w, tile, rows, tile.BlockWidth);
        }

        for (int i = 0; i < widths.Length; i++)
        {
            using (w.Block($"if (o + {Int(widths[i])} <= {Width.Expression})"))
            {
                EmitBlock(w, tile, rows, widths[i]);
                if (i < widths.Length - 1)
                {
                    w.Line($"o += {Int(widths[i])};");
                }
            }
        }
    }

    /// <summary><paramref name="rows"/> × <paramref name="width"/> columns of accumulators at output column <c>o</c>.</summary>
    private void EmitBlock(SourceWriter w, HeadTile tile, int rows, int width)
    {
        TileVector[] vectors = tile.Vectors(width);
        string type = vectors[0].Type;
        for (int r = 0; r < rows; r++)
        {
            for (int v = 0; v < vectors.Length; v++)
            {
                w.Line($"{type}<float> sum{r}{v} = {type}<float>.Zero;");
            }
        }

        using (w.Block("for (nuint k = 0; k < end; k++)"))
        {
            for (int v = 0; v < vectors.Length; v++)
            {
                w.Line($"{type}<float> stream{v} = {type}.LoadUnsafe(ref {Stream}, {Plus($"k * {Int(StreamStride)} + o", vectors[v].Column)});");
            }

            for (int r = 0; r < rows; r++)
            {
                w.Line($"{type}<float> factor{r} = {type}.Create(Unsafe.Add(ref factors, {Plus(Times("k", FactorStepStride), r * FactorRowStride)}));");
                for (int v = 0; v < vectors.Length; v++)
                {
                    w.Line($"sum{r}{v} = {type}.{tile.Form.MultiplyAdd}(factor{r}, stream{v}, sum{r}{v});");
                }
            }
        }

        for (int r = 0; r < rows; r++)
        {
            for (int v = 0; v < vectors.Length; v++)
            {
                w.Line($"sum{r}{v}.StoreUnsafe(ref output, {Plus("o", r * OutputStride + vectors[v].Column)});");
            }
        }
    }

    /// <summary>The same computation one element at a time, for machines without vector acceleration.</summary>
    public void EmitScalar(SourceWriter w)
    {
        using (w.Block($"for (nuint row = 0; row < {Rows}; row++)"))
        {
            w.Line($"nuint end = {ReductionEnd("row", 1)};");
            using (w.Block($"for (nuint o = 0; o < {Width.Expression}; o++)"))
            {
                w.Line("float sum = 0f;");
                using (w.Block("for (nuint k = 0; k < end; k++)"))
                {
                    w.Line($"sum += Unsafe.Add(ref {Factors}, {Times("row", FactorRowStride)} + {Times("k", FactorStepStride)}) * Unsafe.Add(ref {Stream}, k * {Int(StreamStride)} + o);");
                }

                w.Line($"Unsafe.Add(ref {Output}, row * {Int(OutputStride)} + o) = sum;");
            }
        }
    }

    private static string Times(string index, int stride) => stride == 1 ? index : $"{index} * {Int(stride)}";
}

