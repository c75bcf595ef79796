using AttnGen.Generator.Emitting;
using AttnGen.Generator.Model;
using static AttnGen.Generator.Emitting.SourceWriter;

namespace AttnGen.Generator.Kernels;

/// <summary>
/// Emits the per-head kernels between the projections: gathering one head's keys (and, for a padded head, its
/// values) into padded layouts, then each a single call for all the head's query rows: the scores, the softmax
/// (<see cref="SoftmaxEmitter"/>) and the context. A call per head rather than per row keeps the calls few and lets
/// a tile of rows share each key or value vector it loads.
/// </summary>
internal static class AttentionCoreEmitter
{
    public static void Emit(SourceWriter w, AttentionLayout layout)
    {
        EmitGatherHead(w, layout);
        w.Line();
        EmitKernel(w, "HeadScores", ScoresParameters, ScoresLoop(layout),
            $"scores[{layout.Spec.SeqLen}, {layout.KvSeqLenPadded}] = q·Kᵀ for the head's {layout.Spec.KvSeqLen} keys, q already scaled by 1/√{layout.HeadDim}"
            + (layout.Spec.Has(AttentionMask.Causal) ? "; each row tile stops after the last key it sees (the rest is hidden by the softmax)" : ""));
        w.Line();
        SoftmaxEmitter.Emit(w, layout);
        w.Line();
        EmitKernel(w, "HeadContext", ContextParameters(layout), ContextLoop(layout),
            $"context[row, c] = Σ_j p[row, j]·v[j, c] over the keys each row tile sees, for the head's {layout.HeadDim} dimensions (padded to {layout.HeadDimPadded})");
    }

    /// <summary>The keys that query rows before <paramref name="rowEnd"/> (an <c>nuint</c> expression) see, as an <c>nuint</c>.</summary>
    public static string VisibleKeys(AttentionLayout l, string rowEnd)
    {
        string limit = l.Spec.Has(AttentionMask.KeyPadding) ? "(nuint)keyLength" : Int(l.Spec.KvSeqLen);
        return l.Spec.Has(AttentionMask.Causal) ? $"Math.Min({limit}, {rowEnd})" : limit;
    }

    /// <summary>The valid key count, where key padding makes it a kernel's argument.</summary>
    public static string KeyLengthParameter(AttentionLayout l) => l.Spec.Has(AttentionMask.KeyPadding) ? ", int keyLength" : "";

    private const string ScoresParameters = "ref float queries, ref float keysT, ref float scores";

    private static string ContextParameters(AttentionLayout l) =>
        "ref float probabilities, ref float values, ref float context" + KeyLengthParameter(l);

    private static void EmitGatherHead(SourceWriter w, AttentionLayout l)
    {
        w.Line($"/// <summary>");
        w.Line($"/// Copies one head's keys, transposed, into keysT[{l.HeadDim}, {l.KvSeqLenPadded}]"
            + (l.ValuesInPlace ? "; the context reads the values in place." : $" and its values into values[{l.Spec.KvSeqLen}, {l.HeadDimPadded}]."));
        w.Line($"/// The padding stays zero from construction.");
        w.Line($"/// </summary>");
        using (w.Block($"internal static void GatherHead(int head, ref float keyValues, ref float keysT{(l.ValuesInPlace ? "" : ", ref float values")})"))
        {
            w.Line($"ref float headStart = ref Unsafe.Add(ref keyValues, head * {Int(l.HeadDim)});");
            using (w.Block($"for (int j = 0; j < {Int(l.Spec.KvSeqLen)}; j++)"))
            {
                w.Line($"ref float row = ref Unsafe.Add(ref headStart, j * {Int(l.KeyValueStride)});");
                using (w.Block($"for (int d = 0; d < {Int(l.HeadDim)}; d++)"))
                {
                    w.Line($"Unsafe.Add(ref keysT, d * {Int(l.KvSeqLenPadded)} + j) = Unsafe.Add(ref row, {Int(l.KeyColumn)} + d);");
                    if (!l.ValuesInPlace)
                    {
                        w.Line($"Unsafe.Add(ref values, j * {Int(l.HeadDimPadded)} + d) = Unsafe.Add(ref row, {Int(l.ValueColumn)} + d);");
                    }
                }
            }
        }
    }

    /// <summary>scores[i, j] = Σ_d q[i, d]·Kᵀ[d, j], over the padded key rows.</summary>
    private static BroadcastAccumulate ScoresLoop(AttentionLayout l) => new(
        Rows: l.Spec.SeqLen,
        OutputVectors: l.KvSeqLenPadded / Lanes.Count,
        Factors: "queries",
        FactorStride: l.QueryProjection.RowStride,
        Stream: "keysT",
        StreamStride: l.KvSeqLenPadded,
        Output: "scores",
        OutputStride: l.KvSeqLenPadded,
        ReductionEnd: (_, _) => Int(l.HeadDim),
        Width: l.Spec.Has(AttentionMask.Causal)
            ? (row, rows) => $"(Math.Min({Int(l.Spec.KvSeqLen)}, {row} + {Int(rows)}) + 7) & ~(nuint)7"
            : null);

    /// <summary>context[i, c] = Σ_j p[i, j]·V[j, c] over the keys the tile's last row sees (the others' extra weights are 0).</summary>
    private static BroadcastAccumulate ContextLoop(AttentionLayout l) => new(
        Rows: l.Spec.SeqLen,
        OutputVectors: l.HeadDimPadded / Lanes.Count,
        Factors: "probabilities",
        FactorStride: l.KvSeqLenPadded,
        Stream: "values",
        StreamStride: l.ValueStride,
        Output: "context",
        OutputStride: l.ContextWidth,
        ReductionEnd: (row, rows) => VisibleKeys(l, $"{row} + {Int(rows)}"));

    /// <summary>A kernel over the whole head, and its scalar form for machines without Vector256.</summary>
    private static void EmitKernel(SourceWriter w, string name, string parameters, BroadcastAccumulate loop, string summary)
    {
        w.Line($"/// <summary>{summary}.</summary>");
        w.Line(KernelText.HotMethod);
        using (w.Block($"internal static void {name}({parameters})"))
        {
            KernelText.FallbackDispatch(w, $"{name}Scalar({KernelText.Arguments(parameters)});");
            loop.Emit(w);
        }

        w.Line();
        w.Line($"/// <summary>Scalar form of <see cref=\"{name}\"/>.</summary>");
        using (w.Block($"private static void {name}Scalar({parameters})"))
        {
            loop.EmitScalar(w);
        }
    }
}
