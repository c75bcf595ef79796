using System.Collections.Generic;
using System.Linq;
using AttnGen.Generator.Kernels;
using AttnGen.Generator.Model;
using static AttnGen.Generator.Emitting.SourceWriter;

namespace AttnGen.Generator.Emitting;

internal static partial class AttentionEmitter
{
    /// <summary>One <c>Forward</c> parameter: its declaration, its per-item slice, and its XML doc.</summary>
    private sealed record Parameter(string Declaration, string Name, string ItemDeclaration, string ItemArgument, string Doc);

    /// <summary>Exactly the parameters the declaration needs, in the order x, memory, keyLengths, mask, y, attentionWeights.</summary>
    private static List<Parameter> ForwardParameters(AttentionLayout l)
    {
        AttentionSpec s = l.Spec;
        var list = new List<Parameter>
        {
            new("global::System.ReadOnlySpan<float> x", "x", "global::System.ReadOnlySpan<float> x", "x.Slice(item * XLength, XLength)",
                $"Queries' tokens, <c>[batch, SeqLen {s.SeqLen}, DModel {s.DModel}]</c> row-major; the batch size is <c>x.Length / (SeqLen × DModel)</c>."),
        };
        if (s.IsCrossAttention)
        {
            list.Add(new("global::System.ReadOnlySpan<float> memory", "memory", "global::System.ReadOnlySpan<float> memory", "memory.Slice(item * MemoryLength, MemoryLength)",
                $"The sequence attended to, <c>[batch, KvSeqLen {s.KvSeqLen}, DModel {s.DModel}]</c>."));
        }

        if (s.Has(AttentionMask.KeyPadding))
        {
            list.Add(new("global::System.ReadOnlySpan<int> keyLengths", "keyLengths", "int keyLength", "keyLengths[item]",
                $"One valid key length per batch item, each 0…{s.KvSeqLen}; keys at positions ≥ the length are padding."));
        }

        if (s.Has(AttentionMask.Explicit))
        {
            list.Add(new("global::System.ReadOnlySpan<float> mask", "mask", "global::System.ReadOnlySpan<float> mask", "mask",
                $"Additive mask <c>[SeqLen {s.SeqLen}, KvSeqLen {s.KvSeqLen}]</c> added to every head's scores; may hold −∞. See <see cref=\"global::AttnGen.AttentionMasks\"/>."));
        }

        list.Add(new("global::System.Span<float> y", "y", "global::System.Span<float> y", "y.Slice(item * XLength, XLength)",
            $"Output, <c>[batch, SeqLen {s.SeqLen}, DModel {s.DModel}]</c>."));
        list.Add(new("global::System.Span<float> attentionWeights = default", "attentionWeights", "global::System.Span<float> attentionWeights",
            "withWeights ? attentionWeights.Slice(item * WeightsLength, WeightsLength) : default",
            $"Optional per-head attention weights after softmax, <c>[batch, Heads {s.Heads}, SeqLen {s.SeqLen}, KvSeqLen {s.KvSeqLen}]</c>; empty to skip."));
        return list;
    }

    private static void EmitForward(SourceWriter w, AttentionLayout l)
    {
        AttentionSpec s = l.Spec;
        List<Parameter> parameters = ForwardParameters(l);
        w.Line("private const int XLength = SeqLen * DModel;");
        if (s.IsCrossAttention)
        {
            w.Line("private const int MemoryLength = KvSeqLen * DModel;");
        }

        w.Line("private const int WeightsLength = Heads * SeqLen * KvSeqLen;");
        w.Line();
        w.Line("/// <summary>");
        w.Line("/// Runs the block on every batch item. Allocates nothing; results are bit-identical whether an item runs alone or in a batch.");
        w.Line("/// </summary>");
        foreach (Parameter p in parameters)
        {
            w.Line($"/// <param name=\"{p.Name}\">{p.Doc}</param>");
        }

        w.Line("/// <exception cref=\"global::System.ArgumentException\">An argument's length does not match the declared shape; the message gives both sizes.</exception>");
        using (w.Block($"public void Forward({string.Join(", ", parameters.Select(p => p.Declaration))})"))
        {
            w.Line($"int batch = global::AttnGen.Shapes.BatchCount(x.Length, XLength, nameof(x), \"[SeqLen {s.SeqLen}, DModel {s.DModel}]\");");
            if (s.IsCrossAttention)
            {
                w.Line($"global::AttnGen.Shapes.RequireLength(memory.Length, batch * MemoryLength, nameof(memory), \"batch from x × KvSeqLen {s.KvSeqLen} × DModel {s.DModel}\");");
            }

            if (s.Has(AttentionMask.KeyPadding))
            {
                w.Line("global::AttnGen.Shapes.RequireLength(keyLengths.Length, batch, nameof(keyLengths), \"one length per batch item, batch from x\");");
                w.Line("global::AttnGen.Shapes.RequireKeyLengths(keyLengths, KvSeqLen, nameof(keyLengths));");
            }

            if (s.Has(AttentionMask.Explicit))
            {
                w.Line($"global::AttnGen.Shapes.RequireLength(mask.Length, SeqLen * KvSeqLen, nameof(mask), \"SeqLen {s.SeqLen} × KvSeqLen {s.KvSeqLen}\");");
            }

            w.Line($"global::AttnGen.Shapes.RequireLength(y.Length, batch * XLength, nameof(y), \"batch from x × SeqLen {s.SeqLen} × DModel {s.DModel}\");");
            w.Line($"bool withWeights = global::AttnGen.Shapes.OptionalLength(attentionWeights.Length, batch * WeightsLength, nameof(attentionWeights), \"batch from x × Heads {s.Heads} × SeqLen {s.SeqLen} × KvSeqLen {s.KvSeqLen}\");");
            using (w.Block("for (int item = 0; item < batch; item++)"))
            {
                w.Line($"ForwardItem({string.Join(", ", parameters.Select(p => p.ItemArgument))});");
            }
        }
    }

    private static void EmitForwardItem(SourceWriter w, AttentionLayout l)
    {
        AttentionSpec s = l.Spec;
        GemmShape q = l.QueryProjection, o = l.OutputProjection;
        w.Line("/// <summary>One batch item: project, attend head by head, project the concatenated context.</summary>");
        using (w.Block($"private void ForwardItem({string.Join(", ", ForwardParameters(l).Select(p => p.ItemDeclaration))})"))
        {
            w.Line("Weights weights = _weights;");
            w.Line("Scratch scratch = _scratch;");
            w.Line($"ref float queries = ref scratch.{q.Operand}.Start;");
            EmitProjection(w, q, "x", "queries", s.IsCrossAttention ? "" : "   (queries, keys and values in one product)");
            if (l.KeyValueProjection is { } kv)
            {
                w.Line($"ref float keyValues = ref scratch.{kv.Operand}.Start;");
                EmitProjection(w, kv, "memory", "keyValues", "");
            }
            else
            {
                w.Line("ref float keyValues = ref queries;");
            }

            w.Line("ref float keysT = ref scratch.KeysTransposed.Start;");
            w.Line("ref float values = ref scratch.Values.Start;");
            w.Line("ref float scores = ref scratch.Scores.Start;");
            w.Line("ref float context = ref scratch.Context.Start;");
            if (s.Has(AttentionMask.Explicit))
            {
                w.Line("ref float maskStart = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(mask);");
            }

            EmitHeadLoop(w, l);
            EmitOutputProjection(w, l, o);
        }
    }

    /// <summary>One input projection: <paramref name="output"/> = <paramref name="input"/>·Wᵀ + b, into scratch.</summary>
    private static void EmitProjection(SourceWriter w, GemmShape g, string input, string output, string note)
    {
        w.Line($"// {g.Operand}[{g.M}, {g.RowStride}] = {input}·Wᵀ + b{note}");
        w.Line($"global::AttnGen.Generated.Kernels.{g.Name}(ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference({input}), " +
            $"ref weights.{g.Operand}Panels.Start, ref weights.{g.Operand}Bias.Start, ref {output});");
    }

    private static void EmitHeadLoop(SourceWriter w, AttentionLayout l)
    {
        AttentionSpec s = l.Spec;
        using (w.Block("for (int head = 0; head < Heads; head++)"))
        {
            w.Line("global::AttnGen.Generated.Kernels.GatherHead(head, ref keyValues, ref keysT, ref values);");
            using (w.Block("for (int row = 0; row < SeqLen; row++)"))
            {
                string keyLimit = s.Has(AttentionMask.KeyPadding) ? "keyLength" : "KvSeqLen";
                w.Line(s.Has(AttentionMask.Causal)
                    ? $"int visibleKeys = global::System.Math.Min({keyLimit}, row + 1); // causal: keys 0…row"
                    : $"int visibleKeys = {keyLimit};");
                w.Line($"// scores[{s.KvSeqLen}] = q·Kᵀ / √{l.HeadDim}   (scale folded into q)");
                w.Line($"global::AttnGen.Generated.Kernels.Scores(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref queries, row * {Int(l.QueryProjection.RowStride)} + head * HeadDim), ref keysT, ref scores);");
                if (s.Has(AttentionMask.Explicit))
                {
                    w.Line("ref float maskRow = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref maskStart, row * KvSeqLen);");
                }

                w.Line($"global::AttnGen.Generated.Kernels.Softmax({SoftmaxEmitter.Arguments(l)});");
                using (w.Block("if (!attentionWeights.IsEmpty)"))
                {
                    w.Line("global::System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan(ref scores, KvSeqLen).CopyTo(attentionWeights.Slice((head * SeqLen + row) * KvSeqLen, KvSeqLen));");
                }

                w.Line($"// context[row, head] = p·V   ({l.HeadDim} dimensions in a {l.HeadDimPadded}-wide slot)");
                w.Line($"global::AttnGen.Generated.Kernels.Context(ref scores, ref values, ref global::System.Runtime.CompilerServices.Unsafe.Add(ref context, row * {Int(l.ContextWidth)} + head * {Int(l.HeadDimPadded)}), visibleKeys);");
            }
        }
    }

    private static void EmitOutputProjection(SourceWriter w, AttentionLayout l, GemmShape o)
    {
        w.Line($"// y[{o.M}, {l.Spec.DModel}] = context·Woᵀ + bo");
        if (!l.OutputNeedsCopy)
        {
            w.Line("global::AttnGen.Generated.Kernels.ProjectOutput(ref context, ref weights.OutputPanels.Start, ref weights.OutputBias.Start, ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(y));");
            return;
        }

        w.Line("global::AttnGen.Generated.Kernels.ProjectOutput(ref context, ref weights.OutputPanels.Start, ref weights.OutputBias.Start, ref scratch.Output.Start);");
        w.Line($"// Rows come out {o.RowStride} wide (whole vectors); y's rows are {l.Spec.DModel}.");
        using (w.Block("for (int row = 0; row < SeqLen; row++)"))
        {
            w.Line($"scratch.Output.Span.Slice(row * {Int(o.RowStride)}, DModel).CopyTo(y.Slice(row * DModel, DModel));");
        }
    }
}
