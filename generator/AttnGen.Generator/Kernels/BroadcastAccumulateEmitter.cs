using System;
using AttnGen.Generator.Emitting;
using static AttnGen.Generator.Emitting.SourceWriter;

namespace AttnGen.Generator.Kernels;

/// <summary>
/// Emits the loop shape the attention kernels share: a row of output vectors, each the sum over a
/// reduction index of a broadcast scalar times a streamed vector, computed a block of registers at a time.
/// </summary>
/// <remarks>
/// The stream is read at <c>Stream[StreamIndex(o)]</c> for output element <c>o</c>; the scalar form reads the
/// same elements in the same layout, so both forms share one description.
/// Scores use it as <c>s[j] = Σ_d q[d]·Kᵀ[d, j]</c> (output along keys) and the context as
/// <c>ctx[c] = Σ_j p[j]·V[j, c]</c> (output along head dimensions): both vectorise along the output,
/// so neither needs a horizontal sum.
/// </remarks>
internal sealed record BroadcastAccumulate(
    int OutputVectors,
    int BlockVectors,
    string ReductionLoop,
    string Broadcast,
    string Stream,
    Func<string, string> StreamIndex,
    string Output)
{
    public void Emit(SourceWriter w)
    {
        int blockWidth = BlockVectors * Lanes.Count;
        int fullBlocks = OutputVectors / BlockVectors, rest = OutputVectors % BlockVectors;
        if (fullBlocks > 0)
        {
            using (w.Block($"for (nuint o = 0; o < {Int(fullBlocks * blockWidth)}; o += {Int(blockWidth)})"))
            {
                EmitBlock(w, BlockVectors, "o");
            }
        }

        if (rest > 0)
        {
            w.Line($"// The last {rest} vector(s) of the row.");
            using (w.Block(""))
            {
                w.Line($"const nuint o = {Int(fullBlocks * blockWidth)};");
                EmitBlock(w, rest, "o");
            }
        }
    }

    private void EmitBlock(SourceWriter w, int vectors, string offset)
    {
        for (int v = 0; v < vectors; v++)
        {
            w.Line($"Vector256<float> sum{v} = Vector256<float>.Zero;");
        }

        using (w.Block(ReductionLoop))
        {
            w.Line($"Vector256<float> factor = Vector256.Create({Broadcast});");
            for (int v = 0; v < vectors; v++)
            {
                w.Line($"sum{v} = Vector256.FusedMultiplyAdd(factor, Vector256.LoadUnsafe(ref {Stream}, {StreamIndex($"{offset} + {Int(v * Lanes.Count)}")}), sum{v});");
            }
        }

        for (int v = 0; v < vectors; v++)
        {
            w.Line($"sum{v}.StoreUnsafe(ref {Output}, {offset} + {Int(v * Lanes.Count)});");
        }
    }

    /// <summary>The same computation one element at a time, for machines without Vector256.</summary>
    public void EmitScalar(SourceWriter w)
    {
        using (w.Block($"for (nuint o = 0; o < {Int(OutputVectors * Lanes.Count)}; o++)"))
        {
            w.Line("float sum = 0f;");
            using (w.Block(ReductionLoop))
            {
                w.Line($"sum += {Broadcast} * Unsafe.Add(ref {Stream}, {StreamIndex("o")});");
            }

            w.Line($"Unsafe.Add(ref {Output}, o) = sum;");
        }
    }
}
