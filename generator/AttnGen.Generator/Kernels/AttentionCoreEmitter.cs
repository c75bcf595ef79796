using AttnGen.Generator.Layout;
using AttnGen.Generator.Model;
using AttnGen.Generator.Writing;
using static AttnGen.Generator.Writing.SourceWriter;

namespace AttnGen.Generator.Kernels;

/// <summary>
/// Emits the per-head kernels between the projections: gathering one head's queries, transposed (and, for a padded
/// head, its values) into padded layouts, then each a single call for all the head's rows: the scores, the softmax
/// (<see cref="SoftmaxEmitter"/>) and the context, and the copy of the weights when asked for.
/// </summary>
/// <remarks>
/// A head's scores are stored transposed, sᵀ[key, query], so that a vector holds 8 queries' scores for one key: the
/// softmax then runs down the keys with whole vectors and needs no horizontal maximum or sum, and the keys are read
/// in place. A call per head rather than per row keeps the calls few and lets a tile of rows share each vector it loads.
/// </remarks>
internal static class AttentionCoreEmitter
{
    /// <param name="withWeights">Whether to emit the copy of the attention weights (a standalone block's optional output).</param>
    public static void Emit(SourceWriter w, AttentionLayout layout, bool withWeights)
    {
        AttentionSpec s = layout.Spec;
        EmitGatherHead(w, layout);
        w.Line();
        EmitKernel(w, "HeadScores", ScoresParameters, ScoresLoop(layout),
            $"scoresᵀ[keyCount, queryCount rounded up to 8] = K·Qᵀ for the head's keys (at most {s.KvSeqLen}) and queries (at most {s.SeqLen}), rows {layout.SeqLenPadded} apart, Q already scaled by 1/√{layout.HeadDim}"
            + (s.Has(AttentionMask.Causal) ? "; a tile of keys starts at the vector of the first query that sees it (the softmax hides the rest)" : ""));
        w.Line();
        SoftmaxEmitter.Emit(w, layout);
        w.Line();
        EmitKernel(w, "HeadContext", ContextParameters(layout), ContextLoop(layout),
            $"context[row, c] = Σ_j pᵀ[j, row]·v[j, c] for the queryCount rows, over the keys each row tile sees, for the head's {layout.HeadDim} dimensions (padded to {layout.HeadDimPadded})");
        if (withWeights)
        {
            w.Line();
            EmitHeadWeights(w, layout);
        }
    }

    /// <summary>
    /// The keys that query rows before <paramref name="rowEnd"/> (an <c>nuint</c> expression) see, as an <c>nuint</c>:
    /// the valid keys (key padding) or all <c>keyCount</c> keys, and with a causal mask none past the row.
    /// </summary>
    public static string VisibleKeys(AttentionLayout l, string rowEnd)
    {
        string limit = l.Spec.Has(AttentionMask.KeyPadding) ? "(nuint)keyLength" : "keyCount";
        return l.Spec.Has(AttentionMask.Causal) ? $"Math.Min({limit}, {rowEnd})" : limit;
    }

    /// <summary>The valid key count, where key padding makes it a kernel's argument.</summary>
    public static string KeyLengthParameter(AttentionLayout l) => l.Spec.Has(AttentionMask.KeyPadding) ? ", int keyLength" : "";

    /// <summary>
    /// The counts every head kernel takes last: the head's query rows and key rows, known when it runs (at most
    /// SeqLen and KvSeqLen; fewer for a packed sequence).
    /// </summary>
    public const string CountParameters = "nuint queryCount, nuint keyCount";

    /// <summary>The parameters of <c>GatherHead</c>: the values too, where they are not read in place.</summary>
    public static string GatherParameters(AttentionLayout l) =>
        "int head, ref float queries, ref float queriesT" + (l.ValuesInPlace ? "" : ", ref float keyValues, ref float values") + ", " + CountParameters;

    private const string ScoresParameters = "ref float keys, ref float queriesT, ref float scores, " + CountParameters;

    private static string ContextParameters(AttentionLayout l) =>
        "ref float probabilities, ref float values, ref float context" + KeyLengthParameter(l) + ", " + CountParameters;

    /// <summary>The query count rounded up to whole Vector256s: the width of a head's transposed scores.</summary>
    public const string PaddedQueryCount = "((queryCount + 7) & ~(nuint)7)";

    private static void EmitGatherHead(SourceWriter w, AttentionLayout l)
    {
        AttentionSpec s = l.Spec;
        w.Line($"/// <summary>");
        w.Line($"/// Copies one head's queryCount queries, transposed, into queriesT[{l.HeadDim}, {l.SeqLenPadded}]"
            + (l.ValuesInPlace ? "; the other kernels read keys and values in place." : $" and its keyCount values into values[{s.KvSeqLen}, {l.HeadDimPadded}]."));
        w.Line($"/// Columns past queryCount may hold an earlier call's queries: every kernel keeps a query in its own lane, so they only");
        w.Line($"/// give scores that no one reads." + (l.ValuesInPlace ? "" : " A value's padding dimensions stay zero from construction."));
        w.Line($"/// </summary>");
        w.Line(KernelText.HotMethod);
        using (w.Block($"internal static void GatherHead({GatherParameters(l)})"))
        {
            w.Line($"ref float headQueries = ref Unsafe.Add(ref queries, head * {Int(l.HeadDim)});");
            using (w.Block("for (nuint i = 0; i < queryCount; i++)"))
            {
                w.Line($"ref float row = ref Unsafe.Add(ref headQueries, i * {Int(l.QueryProjection.RowStride)});");
                w.Line("ref float column = ref Unsafe.Add(ref queriesT, i);");
                EmitTransposeRow(w, l);
            }

            if (!l.ValuesInPlace)
            {
                w.Line($"ref float headValues = ref Unsafe.Add(ref keyValues, {Plus(l.ValueColumn, $"head * {Int(l.HeadDim)}")});");
                using (w.Block("for (nuint j = 0; j < keyCount; j++)"))
                using (w.Block($"for (nuint d = 0; d < {Int(l.HeadDim)}; d++)"))
                {
                    w.Line($"Unsafe.Add(ref values, j * {Int(l.HeadDimPadded)} + d) = Unsafe.Add(ref headValues, j * {Int(l.KeyValueStride)} + d);");
                }
            }
        }
    }

    /// <summary>
    /// One query row into its column of queriesT, 8 dimensions a step with constant offsets: a plain loop spent more on
    /// its index arithmetic than on the copies.
    /// </summary>
    private static void EmitTransposeRow(SourceWriter w, AttentionLayout l)
    {
        int whole = l.HeadDim / Lanes.Count * Lanes.Count;
        // Dimensions first up to end, from source to the column target, whose rows are SeqLenPadded apart.
        void Copies(string source, string target, int first, int end)
        {
            for (int d = first; d < end; d++)
            {
                w.Line($"Unsafe.Add(ref {target}, {Int(d * l.SeqLenPadded)}) = Unsafe.Add(ref {source}, {Int(d)});");
            }
        }

        if (whole == Lanes.Count)
        {
            Copies("row", "column", 0, Lanes.Count);
        }
        else if (whole > 0)
        {
            using (w.Block($"for (nuint d = 0; d < {Int(whole)}; d += {Int(Lanes.Count)})"))
            {
                w.Line("ref float source = ref Unsafe.Add(ref row, d);");
                w.Line($"ref float target = ref Unsafe.Add(ref column, d * {Int(l.SeqLenPadded)});");
                Copies("source", "target", 0, Lanes.Count);
            }
        }

        Copies("row", "column", whole, l.HeadDim);
    }

    /// <summary>scoresᵀ[j, i] = Σ_d k[j, d]·Qᵀ[d, i], over the query count rounded up to whole vectors.</summary>
    private static BroadcastAccumulate ScoresLoop(AttentionLayout l) => new(
        Rows: "keyCount",
        Width: OutputWidth.AtRunTime(PaddedQueryCount),
        Factors: "keys",
        FactorRowStride: l.KeyValueStride,
        FactorStepStride: 1,
        Stream: "queriesT",
        StreamStride: l.SeqLenPadded,
        Output: "scores",
        OutputStride: l.SeqLenPadded,
        ReductionEnd: (_, _) => Int(l.HeadDim),
        // Causal: a tile of keys starts exactly at the first vector of queries that see them.
        Start: l.Spec.Has(AttentionMask.Causal) ? row => $"{row} & ~(nuint)7" : null,
        NarrowTile: l.Spec.Has(AttentionMask.Causal) ? HeadTile.NarrowSingleVector : HeadTile.Narrow);

    /// <summary>context[i, c] = Σ_j pᵀ[j, i]·V[j, c] over the keys the tile's last row sees (the others' extra weights are 0).</summary>
    private static BroadcastAccumulate ContextLoop(AttentionLayout l) => new(
        Rows: "queryCount",
        Width: OutputWidth.Fixed(l.HeadDimPadded),
        Factors: "probabilities",
        FactorRowStride: 1,
        FactorStepStride: l.SeqLenPadded,
        Stream: "values",
        StreamStride: l.ValueStride,
        Output: "context",
        OutputStride: l.ContextWidth,
        ReductionEnd: (row, rows) => VisibleKeys(l, $"{row} + {Int(rows)}"),
        Start: null,
        NarrowTile: HeadTile.Narrow);

    private static void EmitHeadWeights(SourceWriter w, AttentionLayout l)
    {
        AttentionSpec s = l.Spec;
        w.Summary($"The head's probabilities into weights[{s.SeqLen}, {s.KvSeqLen}], a query per row; only when the caller asks for them.");
        using (w.Block("internal static void HeadWeights(ref float probabilities, ref float weights)"))
        using (w.Block($"for (nuint i = 0; i < {Int(s.SeqLen)}; i++)"))
        using (w.Block($"for (nuint j = 0; j < {Int(s.KvSeqLen)}; j++)"))
        {
            w.Line($"Unsafe.Add(ref weights, i * {Int(s.KvSeqLen)} + j) = Unsafe.Add(ref probabilities, j * {Int(l.SeqLenPadded)} + i);");
        }
    }

    /// <summary>
    /// A kernel over the whole head: a dispatch to the form the machine runs, a method per vector form (each with no
    /// call inside, so its accumulators stay in registers) and the scalar form for machines without vector acceleration.
    /// </summary>
    private static void EmitKernel(SourceWriter w, string name, string parameters, BroadcastAccumulate loop, string summary)
    {
        w.Summary($"{summary}.");
        KernelText.FormDispatch(w, name, parameters, KernelText.Arguments(parameters));
        foreach (HeadTile tile in loop.Tiles)
        {
            w.Line();
            w.Summary($"<see cref=\"{name}\"/> in tiles of {tile.Rows} rows × {tile.BlockWidth} columns, {tile.Form.VectorType} at most.");
            w.Line(KernelText.HotMethod);
            using (w.Block($"private static void {name}{tile.Form.Suffix}({parameters})"))
            {
                loop.Emit(w, tile);
            }
        }

        w.Line();
        w.Summary($"Scalar form of <see cref=\"{name}\"/>.");
        using (w.Block($"private static void {name}Scalar({parameters})"))
        {
            loop.EmitScalar(w);
        }
    }
}
