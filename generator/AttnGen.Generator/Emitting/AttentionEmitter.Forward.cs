using System.Collections.Generic;
using AttnGen.Generator.Layout;
using AttnGen.Generator.Model;
using AttnGen.Generator.Writing;
using static AttnGen.Generator.Writing.SourceWriter;

namespace AttnGen.Generator.Emitting;

internal static partial class AttentionEmitter
{
    private static ForwardSignature Signature(AttentionLayout l) => new(l.Spec, "KvSeqLen", WithAttentionWeights: true);

    private static void EmitForward(SourceWriter w, AttentionLayout l) => Signature(l).Emit(w);

    private static void EmitForwardItem(SourceWriter w, AttentionLayout l)
    {
        List<string> arguments = Signature(l).AttendInputs($"ref {TypeNames.MemoryMarshal}.GetReference(x)");
        arguments.Add(l.OutputNeedsCopy ? "ref _scratch.Output.Start" : $"ref {TypeNames.MemoryMarshal}.GetReference(y)");
        arguments.Add("attentionWeights");
        w.Summary("One batch item: the attention, then its rows into <c>y</c>.");
        using (w.Block($"private void ForwardItem({Signature(l).ItemParameters})"))
        {
            w.Line($"{l.AttendMethod}({string.Join(", ", arguments)});");
            EmitOutputRows(w, l, "SeqLen", "row");
        }
    }

    /// <summary>References to the first token and output row (where the chunks write y directly), which chunks offset.</summary>
    private static void EmitPackedStarts(SourceWriter w, AttentionLayout l)
    {
        w.Line($"ref float tokenRows = ref {TypeNames.MemoryMarshal}.GetReference(tokens);");
        if (!l.OutputNeedsCopy)
        {
            w.Line($"ref float outputRows = ref {TypeNames.MemoryMarshal}.GetReference(y);");
        }
    }

    /// <summary>One chunk of packed sequences (see <see cref="PackedForward"/>): attend, then its rows into <c>y</c>.</summary>
    private static void EmitPackedChunk(SourceWriter w, AttentionLayout l)
    {
        AttentionSpec s = l.Spec;
        var arguments = new List<string>
        {
            $"ref {TypeNames.Unsafe}.Add(ref tokenRows, chunkRow * DModel)",
            "lengths[first..end]",
        };
        if (s.Has(AttentionMask.Explicit))
        {
            arguments.Add("mask");
        }

        arguments.Add(l.OutputNeedsCopy
            ? "ref _scratch.Output.Start"
            : $"ref {TypeNames.Unsafe}.Add(ref outputRows, chunkRow * DModel)");
        arguments.Add("(nuint)rows");
        w.Line($"{l.AttendMethod}Packed({string.Join(", ", arguments)});");
        EmitOutputRows(w, l, "rows", "(chunkRow + row)");
    }

    /// <summary>
    /// Where the output projection wrote into scratch (rows wider than DModel), its first <paramref name="count"/> rows
    /// into <c>y</c>, row <c>row</c> going to row <paramref name="yRow"/>; otherwise nothing, since it wrote <c>y</c> itself.
    /// </summary>
    private static void EmitOutputRows(SourceWriter w, AttentionLayout l, string count, string yRow)
    {
        if (!l.OutputNeedsCopy)
        {
            return;
        }

        int stride = l.OutputProjection.RowStride;
        w.Line($"// Rows come out {stride} wide (whole vectors); y's rows are {l.Spec.DModel}.");
        using (w.Block($"for (int row = 0; row < {count}; row++)"))
        {
            w.Line($"_scratch.Output.Span.Slice(row * {Int(stride)}, DModel).CopyTo(y.Slice({yRow} * DModel, DModel));");
        }
    }
}
