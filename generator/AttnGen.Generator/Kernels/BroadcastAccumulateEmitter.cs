using System;
using AttnGen.Generator.Emitting;
using static AttnGen.Generator.Emitting.SourceWriter;

namespace AttnGen.Generator.Kernels;

/// <summary>
/// Emits the loop shape the attention kernels share: a small matrix product
/// <c>Output[row, o] = Σ_k Factors[row, k]·Stream[k, o]</c> for every row of one head, computed a tile of
/// <c>TileRows</c> rows × <c>BlockVectors</c> output vectors at a time, so that each streamed vector
/// serves every row of the tile and each broadcast factor every vector.
/// </summary>
/// <remarks>
/// Scores use it as <c>sᵀ[j, i] = Σ_d k[j, d]·Qᵀ[d, i]</c> (output along queries) and the context as
/// <c>ctx[i, c] = Σ_j pᵀ[j, i]·V[j, c]</c> (output along head dimensions): both vectorise along the output,
/// so neither needs a horizontal sum. The scalar form reads the same elements in the same layout.
/// </remarks>
/// <param name="Rows">Output rows: the keys or the queries of one head.</param>
/// <param name="OutputVectors">Vectors in a whole output row.</param>
/// <param name="FactorRowStride">Factors[row, k] is at <c>row·FactorRowStride + k·FactorStepStride</c>.</param>
/// <param name="ReductionEnd">The reduction's bound for a tile, an <c>nuint</c> expression of its first row and its row count.</param>
/// <param name="Start">
/// Where a tile needs only the end of its rows (causal scores): the first output float it computes, a multiple of 8
/// as an <c>nuint</c> expression of its first row; <see langword="null"/> for whole rows.
/// </param>
/// <param name="TileRows">Rows per tile. The default 4 rows × 2 vectors keeps 8 accumulators, enough to hide the FMA
/// latency, and with the 2 streamed vectors and a broadcast within the 16 registers of an AVX2-only machine.</param>
internal sealed record BroadcastAccumulate(
    int Rows,
    int OutputVectors,
    string Factors,
    int FactorRowStride,
    int FactorStepStride,
    string Stream,
    int StreamStride,
    string Output,
    int OutputStride,
    Func<string, int, string> ReductionEnd,
    Func<string, string>? Start = null,
    int TileRows = 4,
    int BlockVectors = 2)
{
    public void Emit(SourceWriter w)
    {
        int fullTiles = Rows / TileRows, rest = Rows % TileRows;
        if (fullTiles > 0)
        {
            using (w.Block($"for (nuint row = 0; row < {Int(fullTiles * TileRows)}; row += {Int(TileRows)})"))
            {
                EmitTile(w, TileRows);
            }
        }

        if (rest > 0)
        {
            w.Line($"// The last {rest} row(s).");
            using (w.Block(""))
            {
                w.Line($"const nuint row = {Int(fullTiles * TileRows)};");
                EmitTile(w, rest);
            }
        }
    }

    private void EmitTile(SourceWriter w, int rows)
    {
        w.Line($"nuint end = {ReductionEnd("row", rows)};");
        // One reference each for the tile's factors and outputs; a row is a constant offset from it.
        w.Line($"ref float factors = ref Unsafe.Add(ref {Factors}, {Times("row", FactorRowStride)});");
        w.Line($"ref float output = ref Unsafe.Add(ref {Output}, {Times("row", OutputStride)});");

        int blockWidth = BlockVectors * Lanes.Count;
        if (Start is null)
        {
            int fullBlocks = OutputVectors / BlockVectors, restVectors = OutputVectors % BlockVectors;
            if (fullBlocks > 0)
            {
                using (w.Block($"for (nuint o = 0; o < {Int(fullBlocks * blockWidth)}; o += {Int(blockWidth)})"))
                {
                    EmitBlock(w, rows, BlockVectors);
                }
            }

            if (restVectors > 0)
            {
                using (w.Block(""))
                {
                    w.Line($"const nuint o = {Int(fullBlocks * blockWidth)};");
                    EmitBlock(w, rows, restVectors);
                }
            }

            return;
        }

        int width = OutputVectors * Lanes.Count;
        w.Line($"nuint o = {Start("row")};");
        using (w.Block($"for (; o + {Int(blockWidth)} <= {Int(width)}; o += {Int(blockWidth)})"))
        {
            EmitBlock(w, rows, BlockVectors);
        }

        if (BlockVectors > 1)
        {
            using (w.Block($"for (; o < {Int(width)}; o += {Int(Lanes.Count)})"))
            {
                EmitBlock(w, rows, 1);
            }
        }
    }

    /// <summary><paramref name="rows"/> × <paramref name="vectors"/> accumulators at output column <c>o</c>.</summary>
    private void EmitBlock(SourceWriter w, int rows, int vectors)
    {
        for (int r = 0; r < rows; r++)
        {
            for (int v = 0; v < vectors; v++)
            {
                w.Line($"Vector256<float> sum{r}{v} = Vector256<float>.Zero;");
            }
        }

        using (w.Block("for (nuint k = 0; k < end; k++)"))
        {
            for (int v = 0; v < vectors; v++)
            {
                w.Line($"Vector256<float> stream{v} = Vector256.LoadUnsafe(ref {Stream}, k * {Int(StreamStride)} + o + {Int(v * Lanes.Count)});");
            }

            for (int r = 0; r < rows; r++)
            {
                w.Line($"Vector256<float> factor{r} = Vector256.Create(Unsafe.Add(ref factors, {Times("k", FactorStepStride)} + {Int(r * FactorRowStride)}));");
                for (int v = 0; v < vectors; v++)
                {
                    w.Line($"sum{r}{v} = Vector256.FusedMultiplyAdd(factor{r}, stream{v}, sum{r}{v});");
                }
            }
        }

        for (int r = 0; r < rows; r++)
        {
            for (int v = 0; v < vectors; v++)
            {
                w.Line($"sum{r}{v}.StoreUnsafe(ref output, o + {Int(r * OutputStride + v * Lanes.Count)});");
            }
        }
    }

    /// <summary>The same computation one element at a time, for machines without Vector256.</summary>
    public void EmitScalar(SourceWriter w)
    {
        using (w.Block($"for (nuint row = 0; row < {Int(Rows)}; row++)"))
        {
            w.Line($"nuint end = {ReductionEnd("row", 1)};");
            using (w.Block($"for (nuint o = 0; o < {Int(OutputVectors * Lanes.Count)}; o++)"))
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
