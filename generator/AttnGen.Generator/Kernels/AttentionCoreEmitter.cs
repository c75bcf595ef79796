using AttnGen.Generator.Emitting;
using static AttnGen.Generator.Emitting.SourceWriter;

namespace AttnGen.Generator.Kernels;

/// <summary>
/// Emits the per-head kernels between the projections: gathering one head's keys and values into padded
/// layouts, the scores of one query row, and that row's context. Softmax lives in <see cref="SoftmaxEmitter"/>.
/// </summary>
internal static class AttentionCoreEmitter
{
    /// <summary>Score row blocks: 4 accumulators plus the broadcast query and one key vector.</summary>
    private const int ScoreBlockVectors = 4;

    /// <summary>Context blocks: 8 accumulators cover a 64-wide head in one pass.</summary>
    private const int ContextBlockVectors = 8;

    public static void Emit(SourceWriter w, AttentionLayout layout)
    {
        EmitGatherHead(w, layout);
        w.Line();
        EmitScores(w, layout);
        w.Line();
        EmitScoresScalar(w, layout);
        w.Line();
        SoftmaxEmitter.Emit(w, layout);
        w.Line();
        EmitContext(w, layout);
        w.Line();
        EmitContextScalar(w, layout);
    }

    private static void EmitGatherHead(SourceWriter w, AttentionLayout l)
    {
        w.Line($"/// <summary>");
        w.Line($"/// Copies one head's keys, transposed, into keysT[{l.HeadDim}, {l.KvSeqLenPadded}] and its values into");
        w.Line($"/// values[{l.Spec.KvSeqLen}, {l.HeadDimPadded}]; the padding in both stays zero from construction.");
        w.Line($"/// </summary>");
        using (w.Block("internal static void GatherHead(int head, ref float keyValues, ref float keysT, ref float values)"))
        {
            w.Line($"ref float headStart = ref Unsafe.Add(ref keyValues, head * {Int(l.HeadDim)});");
            using (w.Block($"for (int j = 0; j < {Int(l.Spec.KvSeqLen)}; j++)"))
            {
                w.Line($"ref float row = ref Unsafe.Add(ref headStart, j * {Int(l.KeyValueStride)});");
                using (w.Block($"for (int d = 0; d < {Int(l.HeadDim)}; d++)"))
                {
                    w.Line($"Unsafe.Add(ref keysT, d * {Int(l.KvSeqLenPadded)} + j) = Unsafe.Add(ref row, {Int(l.KeyColumn)} + d);");
                    w.Line($"Unsafe.Add(ref values, j * {Int(l.HeadDimPadded)} + d) = Unsafe.Add(ref row, {Int(l.ValueColumn)} + d);");
                }
            }
        }
    }

    /// <summary>scores[j] = Σ_d q[d]·Kᵀ[d, j], over the padded key row.</summary>
    private static BroadcastAccumulate ScoresLoop(AttentionLayout l) => new(
        OutputVectors: l.KvSeqLenPadded / Lanes.Count,
        BlockVectors: ScoreBlockVectors,
        ReductionLoop: $"for (nuint d = 0; d < {Int(l.HeadDim)}; d++)",
        Broadcast: "Unsafe.Add(ref query, d)",
        Stream: "keysT",
        StreamIndex: offset => $"d * {Int(l.KvSeqLenPadded)} + {offset}",
        Output: "scores");

    /// <summary>context[c] = Σ_j p[j]·V[j, c] over the visible keys, across the padded head.</summary>
    private static BroadcastAccumulate ContextLoop(AttentionLayout l) => new(
        OutputVectors: l.HeadDimPadded / Lanes.Count,
        BlockVectors: ContextBlockVectors,
        ReductionLoop: "for (nuint j = 0; j < (nuint)visibleKeys; j++)",
        Broadcast: "Unsafe.Add(ref probabilities, j)",
        Stream: "values",
        StreamIndex: offset => $"j * {Int(l.HeadDimPadded)} + {offset}",
        Output: "context");

    private static void EmitScores(SourceWriter w, AttentionLayout l)
    {
        w.Line($"/// <summary>scores[j] = q·k[j] for the {l.Spec.KvSeqLen} keys (padded to {l.KvSeqLenPadded}), q already scaled by 1/√{l.HeadDim}.</summary>");
        w.Line(KernelText.HotMethod);
        using (w.Block("internal static void Scores(ref float query, ref float keysT, ref float scores)"))
        {
            KernelText.FallbackDispatch(w, "ScoresScalar(ref query, ref keysT, ref scores);");
            ScoresLoop(l).Emit(w);
        }
    }

    private static void EmitScoresScalar(SourceWriter w, AttentionLayout l)
    {
        w.Line("/// <summary>Scalar form of <see cref=\"Scores\"/>.</summary>");
        using (w.Block("private static void ScoresScalar(ref float query, ref float keysT, ref float scores)"))
        {
            ScoresLoop(l).EmitScalar(w);
        }
    }

    private static void EmitContext(SourceWriter w, AttentionLayout l)
    {
        w.Line($"/// <summary>context[c] = Σ_j p[j]·v[j, c] over the visible keys, for the {l.HeadDim} dimensions of one head (padded to {l.HeadDimPadded}).</summary>");
        w.Line(KernelText.HotMethod);
        using (w.Block("internal static void Context(ref float probabilities, ref float values, ref float context, int visibleKeys)"))
        {
            KernelText.FallbackDispatch(w, "ContextScalar(ref probabilities, ref values, ref context, visibleKeys);");
            ContextLoop(l).Emit(w);
        }
    }

    private static void EmitContextScalar(SourceWriter w, AttentionLayout l)
    {
        w.Line("/// <summary>Scalar form of <see cref=\"Context\"/>.</summary>");
        using (w.Block("private static void ContextScalar(ref float probabilities, ref float values, ref float context, int visibleKeys)"))
        {
            ContextLoop(l).EmitScalar(w);
        }
    }
}
