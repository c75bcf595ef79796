using AttnGen.Generator.Kernels;
using AttnGen.Generator.Model;
using static AttnGen.Generator.Emitting.SourceWriter;

namespace AttnGen.Generator.Emitting;

/// <summary>
/// Emits the source file for one <c>[MultiHeadAttention]</c> class: constants, <c>Weights</c>, constructor,
/// <c>Forward</c> (in <c>AttentionEmitter.Forward.cs</c>), and a file-local class of kernels.
/// </summary>
internal static partial class AttentionEmitter
{
    public static string Emit(AttentionSpec spec)
    {
        var layout = new AttentionLayout(spec);
        var w = new SourceWriter();
        FileText.Header(w);
        using (FileText.OpenTarget(w, spec.Target))
        {
            EmitClassSummary(w, layout);
            using (w.Block($"partial {spec.Target.Keyword} {spec.Target.Name}"))
            {
                EmitConstants(w, layout);
                w.Line();
                EmitWeights(w, layout);
                w.Line();
                EmitState(w, layout);
                w.Line();
                EmitForward(w, layout);
                w.Line();
                EmitForwardItem(w, layout);
            }
        }

        w.Line();
        using (FileText.OpenKernels(w))
        {
            EmitKernels(w, layout);
        }

        return w.ToString();
    }

    private static void EmitClassSummary(SourceWriter w, AttentionLayout l)
    {
        AttentionSpec s = l.Spec;
        string kind = s.IsCrossAttention ? $"cross-attention over {s.KvSeqLen} memory positions" : "self-attention";
        w.Line($"// Multi-head {kind}: {s.Heads} heads × {l.HeadDim} dimensions = DModel {s.DModel}, {s.SeqLen} query positions,");
        w.Line($"// mask {s.Mask}, {(s.Bias ? "with" : "without")} biases.");
        w.Line(FileText.GeneratedCodeAttribute);
    }

    private static void EmitConstants(SourceWriter w, AttentionLayout l)
    {
        AttentionSpec s = l.Spec;
        Constant(w, "DModel", s.DModel, "Model width: floats per token.");
        Constant(w, "Heads", s.Heads, "Number of attention heads.");
        Constant(w, "HeadDim", l.HeadDim, "Dimensions per head: DModel / Heads.");
        Constant(w, "SeqLen", s.SeqLen, "Query positions per batch item.");
        Constant(w, "KvSeqLen", s.KvSeqLen, s.IsCrossAttention
            ? "Key/value positions per batch item: the length of one memory sample."
            : "Key/value positions per batch item; equal to SeqLen in self-attention.");
    }

    private static void Constant(SourceWriter w, string name, int value, string summary)
    {
        w.Line($"/// <summary>{summary}</summary>");
        w.Line($"public const int {name} = {Int(value)};");
    }

    private static void EmitState(SourceWriter w, AttentionLayout l)
    {
        string name = l.Spec.Target.Name;
        w.Line("private readonly Weights _weights;");
        w.Line("private readonly Scratch _scratch;");
        w.Line();
        w.Line($"/// <summary>Creates an instance over shared, immutable <paramref name=\"weights\"/>, with its own scratch memory.</summary>");
        w.Line("/// <remarks>One instance per thread; any number of instances may share one <see cref=\"Weights\"/>.</remarks>");
        using (w.Block($"public {name}(Weights weights)"))
        {
            w.Line("_weights = weights ?? throw new global::System.ArgumentNullException(nameof(weights));");
            w.Line("_scratch = new Scratch();");
        }

        w.Line();
        w.Line("/// <summary>Intermediate buffers, sized by the shape at construction so <see cref=\"Forward\"/> never allocates.</summary>");
        using (w.Block("private sealed class Scratch"))
        {
            foreach ((string field, int length, string shape) in ScratchBuffers(l))
            {
                w.Line($"public readonly global::AttnGen.AlignedBuffer {field} = new({Int(length)}); // {shape}");
            }
        }
    }

    private static (string Field, int Length, string Shape)[] ScratchBuffers(AttentionLayout l)
    {
        AttentionSpec s = l.Spec;
        GemmShape q = l.QueryProjection, o = l.OutputProjection;
        var buffers = new System.Collections.Generic.List<(string, int, string)>
        {
            (q.Operand, q.M * q.RowStride, $"[{q.M}, {q.RowStride}]"),
        };
        if (l.KeyValueProjection is { } kv)
        {
            buffers.Add((kv.Operand, kv.M * kv.RowStride, $"[{kv.M}, {kv.RowStride}]"));
        }

        buffers.Add(("KeysTransposed", l.HeadDim * l.KvSeqLenPadded, $"[{l.HeadDim}, {l.KvSeqLenPadded}] one head's keys, transposed"));
        buffers.Add(("Values", s.KvSeqLen * l.HeadDimPadded, $"[{s.KvSeqLen}, {l.HeadDimPadded}] one head's values"));
        buffers.Add(("Scores", l.KvSeqLenPadded, $"[{l.KvSeqLenPadded}] one query row"));
        buffers.Add(("Context", s.SeqLen * l.ContextWidth, $"[{s.SeqLen}, {l.ContextWidth}] every head's context"));
        if (l.OutputNeedsCopy)
        {
            buffers.Add(("Output", o.M * o.RowStride, $"[{o.M}, {o.RowStride}] y before trimming rows to {s.DModel}"));
        }

        return buffers.ToArray();
    }

    private static void EmitKernels(SourceWriter w, AttentionLayout l)
    {
        w.Line($"/// <summary>The kernels of <see cref=\"{FileText.Cref(l.Spec.Target)}\"/>, specialised to its shape.</summary>");
        using (w.Block("file static class Kernels"))
        {
            GemmEmitter.Emit(w, l.QueryProjection);
            if (l.KeyValueProjection is { } kv)
            {
                w.Line();
                GemmEmitter.Emit(w, kv);
            }

            w.Line();
            GemmEmitter.Emit(w, l.OutputProjection);
            w.Line();
            AttentionCoreEmitter.Emit(w, l);
        }
    }
}
