using System.Collections.Generic;
using AttnGen.Generator.Kernels;
using AttnGen.Generator.Layout;
using AttnGen.Generator.Writing;
using static AttnGen.Generator.Writing.SourceWriter;

namespace AttnGen.Generator.Emitting.Blocks;

/// <summary>A feed-forward block as a part of a generated class: packed weights, scratch, the method that runs it, its kernels.</summary>
internal static class FeedForwardBlock
{
    public static void EmitWeightFields(SourceWriter w, FeedForwardLayout l)
    {
        GemmBlock.EmitWeightFields(w, l.Prefix, l.HiddenProjection);
        GemmBlock.EmitWeightFields(w, l.Prefix, l.OutputProjection);
    }

    /// <summary>Packs a <c>FeedForwardParameters</c> (<paramref name="p"/>) into the weight fields; inside the <c>Weights</c> constructor.</summary>
    public static void EmitPacking(SourceWriter w, FeedForwardLayout l, string p) =>
        EmitPacking(w, l, $"{p}.InputWeight", l.Bias ? $"{p}.InputBias!" : "[]", $"{p}.OutputWeight", l.Bias ? $"{p}.OutputBias!" : "[]");

    /// <summary>
    /// Packs PyTorch-layout weights, given as expressions, into the weight fields: the first product's <c>[N, DModel]</c>
    /// (a gated block's gate and up projections already stacked, <see cref="FeedForwardLayout.HiddenProjection"/>) and
    /// the second's <c>[DModel, Hidden]</c>; a bias is <c>[]</c> for none.
    /// </summary>
    public static void EmitPacking(SourceWriter w, FeedForwardLayout l, string hiddenWeight, string hiddenBias, string outputWeight, string outputBias)
    {
        GemmBlock.EmitPacking(w, l.Prefix, l.HiddenProjection, hiddenWeight, hiddenBias);
        if (l.HiddenStride != l.Hidden)
        {
            w.Line($"// Hidden rows are {l.HiddenStride} wide; W2's padding columns are zero, so the padding adds nothing.");
            outputWeight = $"{TypeNames.WeightPacking}.PadColumnGroups({outputWeight}, {Int(l.DModel)}, 1, {Int(l.Hidden)}, {Int(l.HiddenStride)})";
        }

        GemmBlock.EmitPacking(w, l.Prefix, l.OutputProjection, outputWeight, outputBias);
    }

    /// <summary>The method running the block on rows of <c>x</c> (<c>DModel</c> apart) into <c>output</c> (rows <c>Lanes.RoundUp(DModel)</c> apart).</summary>
    public static void EmitMethod(SourceWriter w, FeedForwardLayout l)
    {
        string rows = l.RowsAtRunTime ? ", nuint rows" : "";
        string count = l.RowsAtRunTime ? "rows" : Int(l.Rows);
        w.Summary($"{count} rows through the feed-forward block; output rows are {l.OutputProjection.RowStride} floats apart.");
        using (w.Block($"private void {l.Method}(ref float x, ref float output{rows})"))
        {
            EmitHiddenProjection(w, l, "x", "0", "1");
            EmitOutputProjection(w, l, "output", "0", "1");
        }
    }

    /// <summary>One part of <c>hidden = act(x·W1ᵀ + b1)</c>; <paramref name="input"/> is a <c>ref float</c> expression.</summary>
    /// <param name="packedRows">For packed sequences, the run-time row count (an <c>nuint</c> expression); else null.</param>
    public static void EmitHiddenProjection(SourceWriter w, FeedForwardLayout l, string input, string part, string parts, string? packedRows = null)
    {
        GemmShape up = GemmBlock.Rows(l.HiddenProjection, packedRows);
        if (l.Gated)
        {
            string rows = GemmBlock.RowCount(up, packedRows);
            w.Line($"// gateUp[{rows}, {up.RowStride}] = x·[G; U]ᵀ + [bg; bu], then hidden[{rows}, {l.HiddenStride}] = silu(gate) · up");
            w.Line($"{Kernel(l, up.Entry)}(ref {input}, ref _weights.{l.Prefix}{up.Operand}Panels.Start, ref _weights.{l.Prefix}{up.Operand}Bias.Start, ref _scratch.{l.Prefix}GateUp.Start{GemmBlock.RowArgument(up, packedRows)}, {part}, {parts});");
            w.Line($"{Kernel(l, "SwiGlu")}(ref _scratch.{l.Prefix}GateUp.Start, ref _scratch.{l.Prefix}Hidden.Start, {rows});");
            return;
        }

        w.Line($"// hidden[{GemmBlock.RowCount(up, packedRows)}, {l.HiddenStride}] = {l.Activation}(x·W1ᵀ + b1)");
        w.Line($"{Kernel(l, up.Entry)}(ref {input}, ref _weights.{l.Prefix}{up.Operand}Panels.Start, ref _weights.{l.Prefix}{up.Operand}Bias.Start, ref _scratch.{l.Prefix}Hidden.Start{GemmBlock.RowArgument(up, packedRows)}, {part}, {parts});");
    }

    /// <summary>One part of <c>output = hidden·W2ᵀ + b2</c>; <paramref name="output"/> is a <c>ref float</c> expression.</summary>
    /// <param name="packedRows">As for <see cref="EmitHiddenProjection"/>.</param>
    public static void EmitOutputProjection(SourceWriter w, FeedForwardLayout l, string output, string part, string parts, string? packedRows = null)
    {
        GemmShape down = GemmBlock.Rows(l.OutputProjection, packedRows);
        w.Line($"// output[{GemmBlock.RowCount(down, packedRows)}, {down.RowStride}] = hidden·W2ᵀ + b2");
        w.Line($"{Kernel(l, down.Entry)}(ref _scratch.{l.Prefix}Hidden.Start, ref _weights.{l.Prefix}{down.Operand}Panels.Start, ref _weights.{l.Prefix}{down.Operand}Bias.Start, ref {output}{GemmBlock.RowArgument(down, packedRows)}, {part}, {parts});");
    }

    private static string Kernel(FeedForwardLayout l, string name) => $"global::{FileText.KernelNamespace}.{l.KernelClass}.{name}";

    public static void EmitKernels(SourceWriter w, FeedForwardLayout l, string owner)
    {
        w.Summary($"The feed-forward kernels of <see cref=\"{owner}\"/>, specialised to its shape.");
        using (w.Block($"file static class {l.KernelClass}"))
        {
            GemmEmitter.Emit(w, l.HiddenProjection, withRunTimeRows: l.WithRunTimeRows);
            w.Line();
            GemmEmitter.Emit(w, l.OutputProjection, withRunTimeRows: l.WithRunTimeRows);
            if (l.Gated)
            {
                w.Line();
                EmitSwiGlu(w, l);
            }
        }
    }

    /// <summary><c>hidden[r, i] = silu(gateUp[r, i]) · gateUp[r, HiddenStride + i]</c>, padding included (it is 0 · 0).</summary>
    private static void EmitSwiGlu(SourceWriter w, FeedForwardLayout l)
    {
        int stride = l.HiddenStride;
        w.Summary($"hidden[r] = silu(gate[r]) · up[r] for each row: gateUp rows are {2 * stride} wide (gate, then up), hidden rows {stride}.");
        w.Line(KernelText.HotMethod);
        using (w.Block("internal static void SwiGlu(ref float gateUp, ref float hidden, nuint rows)"))
        using (w.Block("for (nuint row = 0; row < rows; row++)"))
        {
            w.Line($"ref float gate = ref Unsafe.Add(ref gateUp, row * {Int(2 * stride)});");
            w.Line($"ref float up = ref Unsafe.Add(ref gate, {Int(stride)});");
            w.Line($"ref float target = ref Unsafe.Add(ref hidden, row * {Int(stride)});");
            w.Line("nuint i = 0;");
            KernelText.ElementwiseLoop(w, Int(stride), TileForm.All,
                form => $"(global::AttnGen.Activations.Silu({form.VectorType}.LoadUnsafe(ref gate, i)) * {form.VectorType}.LoadUnsafe(ref up, i)).StoreUnsafe(ref target, i);",
                "Unsafe.Add(ref target, i) = global::AttnGen.Activations.Silu(Unsafe.Add(ref gate, i)) * Unsafe.Add(ref up, i);");
        }
    }

    /// <summary>The buffers <see cref="EmitMethod"/> works in (not its output, which the caller provides).</summary>
    public static IEnumerable<ScratchBuffer> ScratchBuffers(FeedForwardLayout l) => l.Gated
        ? [new(l.Prefix + "GateUp", l.Rows * 2 * l.HiddenStride, $"[{l.Rows}, {2 * l.HiddenStride}] gate and up projections"),
           new(l.Prefix + "Hidden", l.Rows * l.HiddenStride, $"[{l.Rows}, {l.HiddenStride}] hidden activations")]
        : [new(l.Prefix + "Hidden", l.Rows * l.HiddenStride, $"[{l.Rows}, {l.HiddenStride}] hidden activations")];
}
