using System.Collections.Generic;
using System.Linq;
using AttnGen.Generator.Kernels;
using AttnGen.Generator.Layout;
using AttnGen.Generator.Model;
using AttnGen.Generator.Writing;
using static AttnGen.Generator.Writing.SourceWriter;

namespace AttnGen.Generator.Emitting.Blocks;

/// <summary>
/// One multi-head attention as a part of a generated class: its packed weights, its scratch, the method that runs
/// it on one batch item, and its kernels. A standalone <c>[MultiHeadAttention]</c> has one; a decoder layer two.
/// </summary>
internal static class AttentionBlock
{
    private static IEnumerable<GemmShape> Products(AttentionLayout l) => l.KeyValueProjection is { } kv
        ? [l.QueryProjection, kv, l.OutputProjection]
        : [l.QueryProjection, l.OutputProjection];

    public static void EmitWeightFields(SourceWriter w, AttentionLayout l)
    {
        foreach (GemmShape g in Products(l))
        {
            GemmBlock.EmitWeightFields(w, l.Prefix, g);
        }
    }

    /// <summary>Packs an <c>AttentionParameters</c> (<paramref name="p"/>) into the weight fields; inside the <c>Weights</c> constructor.</summary>
    public static void EmitPacking(SourceWriter w, AttentionLayout l, string p)
    {
        AttentionSpec s = l.Spec;
        GemmShape q = l.QueryProjection, o = l.OutputProjection;
        // A layer packs several attentions in one constructor; a scope keeps their locals apart.
        using System.IDisposable? scope = l.Prefix.Length > 0 ? w.Block("") : null;
        w.Line($"float scale = {Float(l.Scale)}; // 1/√{l.HeadDim}, folded into the query projection");
        w.Line($"float[] queryWeight = {TypeNames.WeightPacking}.Scaled({p}.QueryWeight, scale);");
        // Biases are known to be present (or absent) from the caller's check, so only one form is emitted.
        string IfBias(string expression) => s.Bias ? expression : "[]";
        if (s.Bias)
        {
            w.Line($"float[] queryBias = {TypeNames.WeightPacking}.Scaled({p}.QueryBias!, scale);");
        }

        if (l.KeyValueProjection is { } kv)
        {
            GemmBlock.EmitPacking(w, l.Prefix, q, "queryWeight", IfBias("queryBias"));
            GemmBlock.EmitPacking(w, l.Prefix, kv, $"{TypeNames.WeightPacking}.Concat({p}.KeyWeight, {p}.ValueWeight)",
                IfBias($"{TypeNames.WeightPacking}.Concat({p}.KeyBias!, {p}.ValueBias!)"));
        }
        else
        {
            GemmBlock.EmitPacking(w, l.Prefix, q, $"{TypeNames.WeightPacking}.Concat(queryWeight, {p}.KeyWeight, {p}.ValueWeight)",
                IfBias($"{TypeNames.WeightPacking}.Concat(queryBias, {p}.KeyBias!, {p}.ValueBias!)"));
        }

        string outputWeight = l.HeadDimPadded == l.HeadDim
            ? $"{p}.OutputWeight"
            : $"{TypeNames.WeightPacking}.PadColumnGroups({p}.OutputWeight, {Int(s.DModel)}, {Int(s.Heads)}, {Int(l.HeadDim)}, {Int(l.HeadDimPadded)})";
        if (l.HeadDimPadded != l.HeadDim)
        {
            w.Line($"// Each head's {l.HeadDim} context columns sit in {l.HeadDimPadded}-wide slots; the slots' padding reads zero weights.");
        }

        GemmBlock.EmitPacking(w, l.Prefix, o, outputWeight, IfBias($"{p}.OutputBias!"));
    }

    /// <summary>The buffers <see cref="EmitAttend"/> works in (not its output, which the caller provides).</summary>
    public static IEnumerable<ScratchBuffer> ScratchBuffers(AttentionLayout l)
    {
        AttentionSpec s = l.Spec;
        GemmShape q = l.QueryProjection;
        string p = l.Prefix;
        yield return new(p + q.Operand, q.M * q.RowStride, $"[{q.M}, {q.RowStride}]");
        if (l.KeyValueProjection is { } kv)
        {
            yield return new(p + kv.Operand, kv.M * kv.RowStride, $"[{kv.M}, {kv.RowStride}]");
        }

        yield return new(p + "QueriesTransposed", l.HeadDim * l.SeqLenPadded, $"[{l.HeadDim}, {l.SeqLenPadded}] one head's queries, transposed", PerPart: true);
        if (!l.ValuesInPlace)
        {
            yield return new(p + "Values", s.KvSeqLen * l.HeadDimPadded, $"[{s.KvSeqLen}, {l.HeadDimPadded}] one head's values", PerPart: true);
        }

        yield return new(p + "Scores", s.KvSeqLen * l.SeqLenPadded, $"[{s.KvSeqLen}, {l.SeqLenPadded}] one head's scores, transposed", PerPart: true);
        yield return new(p + "Context", s.SeqLen * l.ContextWidth, $"[{s.SeqLen}, {l.ContextWidth}] every head's context");
    }

    /// <summary>The parameters of <see cref="EmitAttend"/>: x, the inputs (<see cref="AttentionInput"/>), output, attentionWeights.</summary>
    public static string AttendParameters(AttentionLayout l)
    {
        string[] parameters = ["ref float x", .. AttentionInput.Of(l.Spec).Select(input => input.AttendParameter), "ref float output", $"{TypeNames.Span}<float> attentionWeights"];
        return string.Join(", ", parameters);
    }

    /// <summary>
    /// The method that runs the attention on one batch item: project, attend head by head, project the concatenated
    /// context into <c>output</c>, whose rows are <c>OutputProjection.RowStride</c> floats apart.
    /// </summary>
    public static void EmitAttend(SourceWriter w, AttentionLayout l)
    {
        AttentionSpec s = l.Spec;
        string p = l.Prefix;
        w.Summary($"One batch item through the {(p.Length == 0 ? "attention" : p)}; output rows are {l.OutputProjection.RowStride} floats apart.");
        using (w.Block($"private void {l.AttendMethod}({AttendParameters(l)})"))
        {
            EmitProjections(w, l, "x", "memory", "0", "1");
            EmitHeads(w, l, "0", "Heads", "0", HeadRows.Whole(l),
                keyLength: "keyLength", mask: $"{TypeNames.MemoryMarshal}.GetReference(mask)", withWeights: true);
            EmitOutputProjection(w, l, "output", "0", "1");
        }
    }

    /// <summary>
    /// The method that runs the attention on one chunk of packed sequences: project all their rows in one product each,
    /// attend sequence by sequence, project the context of all rows into <c>output</c> (rows <c>OutputProjection.RowStride</c> apart).
    /// </summary>
    public static void EmitAttendPacked(SourceWriter w, AttentionLayout l)
    {
        string mask = l.Spec.Has(AttentionMask.Explicit) ? $"{TypeNames.ReadOnlySpan}<float> mask, " : "";
        w.Summary($"One chunk of packed sequences, <paramref name=\"rows\"/> rows in all, through the attention.");
        using (w.Block($"private void {l.AttendMethod}Packed(ref float x, {TypeNames.ReadOnlySpan}<int> lengths, {mask}ref float output, nuint rows)"))
        {
            EmitProjections(w, l, "x", "memory", "0", "1", packedRows: "rows");
            EmitPackedHeads(w, l, "lengths", "lengths.Length", "0", "Heads", "0", $"{TypeNames.MemoryMarshal}.GetReference(mask)");
            EmitOutputProjection(w, l, "output", "0", "1", packedRows: "rows");
        }
    }

    /// <summary>Queries (and keys and values) for one part of the projections' panels.</summary>
    /// <param name="input">A <c>ref float</c> expression for the input rows; <paramref name="memory"/> likewise for cross-attention.</param>
    /// <param name="packedRows">For packed sequences or decoding with a cache, the run-time row count (an <c>nuint</c> expression); null for a whole batch item.</param>
    public static void EmitProjections(SourceWriter w, AttentionLayout l, string input, string memory, string part, string parts, string? packedRows = null)
    {
        EmitQueryProjection(w, l, input, part, parts, packedRows);
        if (l.Spec.IsCrossAttention)
        {
            EmitKeyValueProjection(w, l, memory, part, parts);
        }
    }

    /// <summary>One part of the queries (and, for self-attention, keys and values) of the rows at <paramref name="input"/>.</summary>
    /// <param name="packedRows">As for <see cref="EmitProjections"/>.</param>
    public static void EmitQueryProjection(SourceWriter w, AttentionLayout l, string input, string part, string parts, string? packedRows = null) =>
        EmitProjection(w, l, l.QueryProjection, input, part, parts, l.Spec.IsCrossAttention ? "" : "   (queries, keys and values in one product)", packedRows);

    /// <summary>One part of a cross-attention's keys and values, from the memory rows at <paramref name="memory"/>.</summary>
    public static void EmitKeyValueProjection(SourceWriter w, AttentionLayout l, string memory, string part, string parts) =>
        EmitProjection(w, l, l.KeyValueProjection!, memory, part, parts, "", packedRows: null);

    /// <summary>
    /// Heads <paramref name="firstHead"/> up to <paramref name="endHead"/>, in the per-part buffers of <paramref name="part"/>:
    /// gather the head's queries (and a padded head's values), then one call each for all its rows' scores, softmax and context.
    /// </summary>
    /// <param name="rows">Which rows of the projections the heads read and of the context they write.</param>
    /// <param name="keyLength">The valid key count (key padding), an <c>int</c> expression.</param>
    /// <param name="mask">A <c>ref float</c> expression for the explicit mask's first element.</param>
    /// <param name="withWeights">Whether an <c>attentionWeights</c> span is in scope to copy the probabilities into.</param>
    public static void EmitHeads(SourceWriter w, AttentionLayout l, string firstHead, string endHead, string part,
        HeadRows rows, string keyLength, string mask, bool withWeights)
    {
        AttentionSpec s = l.Spec;
        string p = l.Prefix;
        GemmShape q = l.QueryProjection;
        string keyLengthArgument = s.Has(AttentionMask.KeyPadding) ? $", {keyLength}" : "";
        w.Line($"nuint queryCount = {rows.QueryCount}, keyCount = {rows.KeyCount};");
        w.Line($"ref float queries = ref {RowAt($"_scratch.{p}{q.Operand}.Start", rows.FirstRow, q.RowStride)};");
        w.Line(l.KeyValueProjection is { } kv ? $"ref float keyValues = ref _scratch.{p}{kv.Operand}.Start;" : "ref float keyValues = ref queries;");
        w.Line($"ref float queriesT = ref _scratch.{p}QueriesTransposed[{part}].Start;");
        if (!l.ValuesInPlace)
        {
            w.Line($"ref float values = ref _scratch.{p}Values[{part}].Start;");
        }

        w.Line($"ref float scores = ref _scratch.{p}Scores[{part}].Start;");
        w.Line($"ref float context = ref {RowAt($"_scratch.{p}Context.Start", rows.FirstRow, l.ContextWidth)};");
        using (w.Block($"for (int head = {firstHead}; head < {endHead}; head++)"))
        {
            w.Line($"{Kernel(l, "GatherHead")}({KernelText.Arguments(AttentionCoreEmitter.GatherParameters(l))});");
            w.Line($"// scoresᵀ[keyCount, queryCount] = K·Qᵀ / √{l.HeadDim}   (scale folded into Q)");
            w.Line($"{Kernel(l, "HeadScores")}(ref {At("keyValues", Plus(l.KeyColumn, "head * HeadDim"))}, ref queriesT, ref scores, queryCount, keyCount);");
            string maskArgument = s.Has(AttentionMask.Explicit) ? $", ref {mask}" : "";
            w.Line($"{Kernel(l, "HeadSoftmax")}(ref scores{maskArgument}{keyLengthArgument}, queryCount, keyCount);");
            if (withWeights)
            {
                using (w.Block("if (!attentionWeights.IsEmpty)"))
                {
                    w.Line($"{Kernel(l, "HeadWeights")}(ref scores, ref {At("global::System.Runtime.InteropServices.MemoryMarshal.GetReference(attentionWeights)", $"head * SeqLen * {Int(s.KvSeqLen)}")});");
                }
            }

            w.Line($"// context[queryCount, head] = P·V   ({l.HeadDim} dimensions in a {l.HeadDimPadded}-wide slot)");
            string values = l.ValuesInPlace ? $"ref {At("keyValues", Plus(l.ValueColumn, "head * HeadDim"))}" : "ref values";
            w.Line($"{Kernel(l, "HeadContext")}(ref scores, {values}, ref {At("context", $"head * {Int(l.HeadDimPadded)}")}{keyLengthArgument}, queryCount, keyCount);");
        }
    }

    /// <summary>
    /// The heads of every packed sequence of a chunk, one sequence after another, each attending to exactly its own
    /// <c>length</c> rows (its keys are its queries' rows). Sequences of length 0 have nothing to compute.
    /// </summary>
    /// <param name="lengths">An indexable expression holding the chunk's lengths; <paramref name="count"/> how many.</param>
    /// <param name="mask">As for <see cref="EmitHeads"/>: its top-left corner applies to each sequence.</param>
    public static void EmitPackedHeads(SourceWriter w, AttentionLayout l, string lengths, string count, string firstHead, string endHead,
        string part, string mask)
    {
        w.Line("int firstRow = 0;");
        using (w.Block($"for (int sequence = 0; sequence < {count}; sequence++)"))
        {
            w.Line($"int length = {lengths}[sequence];");
            using (w.Block("if (length > 0)"))
            {
                EmitHeads(w, l, firstHead, endHead, part, new HeadRows("firstRow", "(nuint)length", "(nuint)length"), "length", mask, withWeights: false);
            }

            w.Line("firstRow += length;");
        }
    }

    /// <summary>A <c>ref float</c> expression for row <paramref name="row"/> of a buffer whose rows are <paramref name="stride"/> apart.</summary>
    private static string RowAt(string start, string row, int stride) =>
        row == "0" ? start : At(start, $"{row} * {Int(stride)}");

    /// <summary><c>Unsafe.Add(ref start, offset)</c> in full.</summary>
    private static string At(string start, string offset) => $"{TypeNames.Unsafe}.Add(ref {start}, {offset})";

    /// <summary>One part of <c>output = context·Woᵀ + bo</c>; <paramref name="output"/> is a <c>ref float</c> expression.</summary>
    /// <param name="packedRows">As for <see cref="EmitProjections"/>.</param>
    public static void EmitOutputProjection(SourceWriter w, AttentionLayout l, string output, string part, string parts, string? packedRows = null)
    {
        GemmShape o = GemmBlock.Rows(l.OutputProjection, packedRows);
        w.Line($"// output[{GemmBlock.RowCount(o, packedRows)}, {o.RowStride}] = context·Woᵀ + bo");
        w.Line($"{Kernel(l, o.Entry)}(ref _scratch.{l.Prefix}Context.Start, ref _weights.{l.Prefix}{o.Operand}Panels.Start, ref _weights.{l.Prefix}{o.Operand}Bias.Start, ref {output}{GemmBlock.RowArgument(o, packedRows)}, {part}, {parts});");
    }

    private static string Kernel(AttentionLayout l, string name) => $"global::{FileText.KernelNamespace}.{l.KernelClass}.{name}";

    private static void EmitProjection(SourceWriter w, AttentionLayout l, GemmShape shape, string input, string part, string parts, string note, string? packedRows)
    {
        GemmShape g = GemmBlock.Rows(shape, packedRows);
        // A scratch buffer reads as its name: "_scratch.State.Start" as "State".
        string shown = input.Replace("_scratch.", "").Replace(".Start", "");
        w.Line($"// {g.Operand}[{GemmBlock.RowCount(g, packedRows)}, {g.RowStride}] = {shown}·Wᵀ + b{note}");
        w.Line($"{Kernel(l, g.Entry)}(ref {input}, ref _weights.{l.Prefix}{g.Operand}Panels.Start, ref _weights.{l.Prefix}{g.Operand}Bias.Start, ref _scratch.{l.Prefix}{g.Operand}.Start{GemmBlock.RowArgument(g, packedRows)}, {part}, {parts});");
    }

    /// <param name="withWeights">Whether <see cref="EmitHeads"/> copies the attention weights out (a standalone block).</param>
    public static void EmitKernels(SourceWriter w, AttentionLayout l, bool withWeights)
    {
        w.Summary($"The {(l.Prefix.Length == 0 ? "" : l.Prefix + " ")}attention kernels of <see cref=\"{FileText.Cref(l.Spec.Target)}\"/>, specialised to its shape.");
        using (w.Block($"file static class {l.KernelClass}"))
        {
            foreach (GemmShape g in Products(l))
            {
                // Memory's keys and values are always MemorySeqLen rows; only the products over x take run-time rows.
                GemmEmitter.Emit(w, g, withRunTimeRows: l.RunTimeRows && g != l.KeyValueProjection);
                w.Line();
            }

            AttentionCoreEmitter.Emit(w, l, withWeights);
        }
    }
}
