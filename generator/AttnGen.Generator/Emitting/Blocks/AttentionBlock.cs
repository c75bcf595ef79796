using System.Collections.Generic;
using System.Linq;
using AttnGen.Generator.Kernels;
using AttnGen.Generator.Model;
using static AttnGen.Generator.Emitting.SourceWriter;

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
        w.Line($"float[] queryWeight = global::AttnGen.WeightPacking.Scaled({p}.QueryWeight, scale);");
        // Biases are known to be present (or absent) from the caller's check, so only one form is emitted.
        string IfBias(string expression) => s.Bias ? expression : "[]";
        if (s.Bias)
        {
            w.Line($"float[] queryBias = global::AttnGen.WeightPacking.Scaled({p}.QueryBias!, scale);");
        }

        if (l.KeyValueProjection is { } kv)
        {
            GemmBlock.EmitPacking(w, l.Prefix, q, "queryWeight", IfBias("queryBias"));
            GemmBlock.EmitPacking(w, l.Prefix, kv, $"global::AttnGen.WeightPacking.Concat({p}.KeyWeight, {p}.ValueWeight)",
                IfBias($"global::AttnGen.WeightPacking.Concat({p}.KeyBias!, {p}.ValueBias!)"));
        }
        else
        {
            GemmBlock.EmitPacking(w, l.Prefix, q, $"global::AttnGen.WeightPacking.Concat(queryWeight, {p}.KeyWeight, {p}.ValueWeight)",
                IfBias($"global::AttnGen.WeightPacking.Concat(queryBias, {p}.KeyBias!, {p}.ValueBias!)"));
        }

        string outputWeight = l.HeadDimPadded == l.HeadDim
            ? $"{p}.OutputWeight"
            : $"global::AttnGen.WeightPacking.PadColumnGroups({p}.OutputWeight, {Int(s.DModel)}, {Int(s.Heads)}, {Int(l.HeadDim)}, {Int(l.HeadDimPadded)})";
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

        yield return new(p + "KeysTransposed", l.HeadDim * l.KvSeqLenPadded, $"[{l.HeadDim}, {l.KvSeqLenPadded}] one head's keys, transposed");
        yield return new(p + "Values", s.KvSeqLen * l.HeadDimPadded, $"[{s.KvSeqLen}, {l.HeadDimPadded}] one head's values");
        yield return new(p + "Scores", l.KvSeqLenPadded, $"[{l.KvSeqLenPadded}] one query row");
        yield return new(p + "Context", s.SeqLen * l.ContextWidth, $"[{s.SeqLen}, {l.ContextWidth}] every head's context");
    }

    /// <summary>The parameters of <see cref="EmitAttend"/>, in the order x, memory, keyLength, mask, output, attentionWeights.</summary>
    public static string AttendParameters(AttentionLayout l)
    {
        AttentionSpec s = l.Spec;
        var list = new List<string> { "ref float x" };
        if (s.IsCrossAttention)
        {
            list.Add("ref float memory");
        }

        if (s.Has(AttentionMask.KeyPadding))
        {
            list.Add("int keyLength");
        }

        if (s.Has(AttentionMask.Explicit))
        {
            list.Add("global::System.ReadOnlySpan<float> mask");
        }

        list.Add("ref float output");
        list.Add("global::System.Span<float> attentionWeights");
        return string.Join(", ", list);
    }

    /// <summary>
    /// The method that runs the attention on one batch item: project, attend head by head, project the concatenated
    /// context into <c>output</c>, whose rows are <c>OutputProjection.RowStride</c> floats apart.
    /// </summary>
    public static void EmitAttend(SourceWriter w, AttentionLayout l)
    {
        AttentionSpec s = l.Spec;
        GemmShape q = l.QueryProjection, o = l.OutputProjection;
        string p = l.Prefix;
        w.Line($"/// <summary>One batch item through the {(p.Length == 0 ? "attention" : p)}; output rows are {o.RowStride} floats apart.</summary>");
        using (w.Block($"private void {l.AttendMethod}({AttendParameters(l)})"))
        {
            w.Line("Weights weights = _weights;");
            w.Line("Scratch scratch = _scratch;");
            w.Line($"ref float queries = ref scratch.{p}{q.Operand}.Start;");
            EmitProjection(w, l, q, "x", "queries", s.IsCrossAttention ? "" : "   (queries, keys and values in one product)");
            if (l.KeyValueProjection is { } kv)
            {
                w.Line($"ref float keyValues = ref scratch.{p}{kv.Operand}.Start;");
                EmitProjection(w, l, kv, "memory", "keyValues", "");
            }
            else
            {
                w.Line("ref float keyValues = ref queries;");
            }

            w.Line($"ref float keysT = ref scratch.{p}KeysTransposed.Start;");
            w.Line($"ref float values = ref scratch.{p}Values.Start;");
            w.Line($"ref float scores = ref scratch.{p}Scores.Start;");
            w.Line($"ref float context = ref scratch.{p}Context.Start;");
            if (s.Has(AttentionMask.Explicit))
            {
                w.Line("ref float maskStart = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(mask);");
            }

            EmitHeadLoop(w, l);
            w.Line($"// output[{o.M}, {o.RowStride}] = context·Woᵀ + bo");
            w.Line($"{Kernel(l, o.Name)}(ref context, ref weights.{p}{o.Operand}Panels.Start, ref weights.{p}{o.Operand}Bias.Start, ref output, 0, 1);");
        }
    }

    private static string Kernel(AttentionLayout l, string name) => $"global::{FileText.KernelNamespace}.{l.KernelClass}.{name}";

    private static void EmitProjection(SourceWriter w, AttentionLayout l, GemmShape g, string input, string output, string note)
    {
        w.Line($"// {g.Operand}[{g.M}, {g.RowStride}] = {input}·Wᵀ + b{note}");
        w.Line($"{Kernel(l, g.Name)}(ref {input}, ref weights.{l.Prefix}{g.Operand}Panels.Start, ref weights.{l.Prefix}{g.Operand}Bias.Start, ref {output}, 0, 1);");
    }

    private static void EmitHeadLoop(SourceWriter w, AttentionLayout l)
    {
        AttentionSpec s = l.Spec;
        using (w.Block("for (int head = 0; head < Heads; head++)"))
        {
            w.Line($"{Kernel(l, "GatherHead")}(head, ref keyValues, ref keysT, ref values);");
            using (w.Block("for (int row = 0; row < SeqLen; row++)"))
            {
                string keyLimit = s.Has(AttentionMask.KeyPadding) ? "keyLength" : Int(s.KvSeqLen);
                w.Line(s.Has(AttentionMask.Causal)
                    ? $"int visibleKeys = global::System.Math.Min({keyLimit}, row + 1); // causal: keys 0…row"
                    : $"int visibleKeys = {keyLimit};");
                w.Line($"// scores[{s.KvSeqLen}] = q·Kᵀ / √{l.HeadDim}   (scale folded into q)");
                w.Line($"{Kernel(l, "Scores")}(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref queries, row * {Int(l.QueryProjection.RowStride)} + head * HeadDim), ref keysT, ref scores);");
                if (s.Has(AttentionMask.Explicit))
                {
                    w.Line($"ref float maskRow = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref maskStart, row * {Int(s.KvSeqLen)});");
                }

                w.Line($"{Kernel(l, "Softmax")}({SoftmaxEmitter.Arguments(l)});");
                using (w.Block("if (!attentionWeights.IsEmpty)"))
                {
                    w.Line($"global::System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan(ref scores, {Int(s.KvSeqLen)}).CopyTo(attentionWeights.Slice((head * SeqLen + row) * {Int(s.KvSeqLen)}, {Int(s.KvSeqLen)}));");
                }

                w.Line($"// context[row, head] = p·V   ({l.HeadDim} dimensions in a {l.HeadDimPadded}-wide slot)");
                w.Line($"{Kernel(l, "Context")}(ref scores, ref values, ref global::System.Runtime.CompilerServices.Unsafe.Add(ref context, row * {Int(l.ContextWidth)} + head * {Int(l.HeadDimPadded)}), visibleKeys);");
            }
        }
    }

    public static void EmitKernels(SourceWriter w, AttentionLayout l)
    {
        w.Line($"/// <summary>The {(l.Prefix.Length == 0 ? "" : l.Prefix + " ")}attention kernels of <see cref=\"{FileText.Cref(l.Spec.Target)}\"/>, specialised to its shape.</summary>");
        using (w.Block($"file static class {l.KernelClass}"))
        {
            foreach (GemmShape g in Products(l))
            {
                GemmEmitter.Emit(w, g);
                w.Line();
            }

            AttentionCoreEmitter.Emit(w, l);
        }
    }
}
