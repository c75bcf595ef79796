using AttnGen.Generator.Layout;
using AttnGen.Generator.Model;
using AttnGen.Generator.Writing;
using static AttnGen.Generator.Writing.SourceWriter;

namespace AttnGen.Generator.Kernels;

/// <summary>
/// Emits the masked softmax of one head's transposed scores, each query's column in place: add the explicit mask,
/// hide keys at or past the query's visible count (padding, causal future), subtract the query's maximum,
/// exponentiate, normalise. A query with no visible key gets all zeros instead of NaN.
/// </summary>
/// <remarks>
/// The vector form takes 16 queries at a time where Vector512 is accelerated, else 8 (Vector256) or 4 (Vector128), one
/// per lane, down the keys: maximum and sum are lane-wise, and the keys that no query of the block sees are neither
/// read nor exponentiated, only set to 0.
/// </remarks>
internal static class SoftmaxEmitter
{
    public static string Parameters(AttentionLayout l) =>
        "ref float scores" + (l.Spec.Has(AttentionMask.Explicit) ? ", ref float mask" : "") + AttentionCoreEmitter.KeyLengthParameter(l)
        + ", " + AttentionCoreEmitter.CountParameters;

    public static void Emit(SourceWriter w, AttentionLayout l)
    {
        EmitVector(w, l);
        w.Line();
        EmitScalar(w, l);
    }

    private static void EmitVector(SourceWriter w, AttentionLayout l)
    {
        int stride = l.SeqLenPadded;
        w.Line($"/// <summary>");
        w.Line($"/// Softmax of each query's column of scoresᵀ[keyCount, {stride}] over its visible keys, in place; the rest of the keyCount become 0.");
        w.Line($"/// A query with no visible key (or every visible score −∞) gets 0 throughout.");
        w.Line($"/// </summary>");
        w.Line(KernelText.HotMethod);
        using (w.Block($"internal static void HeadSoftmax({Parameters(l)})"))
        {
            KernelText.FallbackDispatch(w, $"HeadSoftmaxScalar({KernelText.Arguments(Parameters(l))});");
            EmitAddMask(w, l);
            TileForm wide = TileForm.Wide, narrow = TileForm.Narrow, small = TileForm.Small;
            w.Line("nuint query = 0;");
            w.Line($"// {wide.LanesPerVector} queries per {wide.VectorType} where it is accelerated, then {narrow.LanesPerVector} per {narrow.VectorType}, else {small.LanesPerVector} per {small.VectorType}.");
            // The widest form stops at the padded query count; the others may run past queryCount into the padding.
            KernelText.FormLoops(w, [wide, narrow, small],
                form => form == wide
                    ? $"for (; query + {Int(wide.LanesPerVector)} <= {AttentionCoreEmitter.PaddedQueryCount}; query += {Int(wide.LanesPerVector)})"
                    : $"for (; query < queryCount; query += {Int(form.LanesPerVector)})",
                form => EmitQueryBlock(w, l, form));
        }
    }

    /// <summary>The softmax of the queries from <c>query</c>, one per lane of a vector of <paramref name="form"/>.</summary>
    private static void EmitQueryBlock(SourceWriter w, AttentionLayout l, TileForm form)
    {
        string vector = form.VectorType;
        int lanes = form.LanesPerVector;
        AttentionSpec s = l.Spec;
        int stride = l.SeqLenPadded;
        bool causal = s.Has(AttentionMask.Causal);
        string v = $"{vector}<float>";
        w.Line(causal
            ? $"// The keys the last of these {lanes} queries sees; an earlier query's later keys are hidden lane by lane."
            : $"// The keys these {lanes} queries see.");
        w.Line($"nuint visibleKeys = {AttentionCoreEmitter.VisibleKeys(l, $"query + {lanes}")};");
        if (causal)
        {
            w.Line($"{v} queryIndex = {v}.Indices + {vector}.Create((float)query);");
            w.Line($"{v} keyIndex = {v}.Zero;");
        }

        w.Line($"{v} maxima = {vector}.Create(float.NegativeInfinity);");
        using (w.Block("for (nuint j = 0; j < visibleKeys; j++)"))
        {
            w.Line($"{v} score = {vector}.LoadUnsafe(ref scores, j * {Int(stride)} + query);");
            if (causal)
            {
                w.Line($"score = {vector}.ConditionalSelect({vector}.LessThan(queryIndex, keyIndex), {vector}.Create(float.NegativeInfinity), score);");
                w.Line($"score.StoreUnsafe(ref scores, j * {Int(stride)} + query);");
                w.Line($"keyIndex += {v}.One;");
            }

            w.Line("// MaxNative: one instruction; the IEEE ±0 and NaN rules of Max cost three and cannot change the softmax.");
            w.Line($"maxima = {vector}.MaxNative(maxima, score);");
        }

        w.Line("// A query that sees no key has maximum −∞: a shift of 0 keeps its exponentials 0, a total of 1 its weights 0 (not NaN).");
        w.Line($"{v} hidden = {vector}.Equals(maxima, {vector}.Create(float.NegativeInfinity));");
        w.Line($"{v} shift = {vector}.ConditionalSelect(hidden, {v}.Zero, maxima);");
        w.Line($"{v} sums = {v}.Zero;");
        using (w.Block("for (nuint j = 0; j < visibleKeys; j++)"))
        {
            w.Line($"// Inlined, not {vector}.Exp: that is a call, which makes this loop spill its vectors.");
            w.Line($"{v} e = {TypeNames.Activations}.ExpNonPositive({vector}.LoadUnsafe(ref scores, j * {Int(stride)} + query) - shift);");
            w.Line($"e.StoreUnsafe(ref scores, j * {Int(stride)} + query);");
            w.Line("sums += e;");
        }

        w.Line("// One division, then products: a division per key cost more than the exponentials.");
        w.Line($"{v} reciprocal = {v}.One / {vector}.ConditionalSelect(hidden, {v}.One, sums);");
        using (w.Block("for (nuint j = 0; j < visibleKeys; j++)"))
        {
            w.Line($"({vector}.LoadUnsafe(ref scores, j * {Int(stride)} + query) * reciprocal).StoreUnsafe(ref scores, j * {Int(stride)} + query);");
        }

        using (w.Block("for (nuint j = visibleKeys; j < keyCount; j++)"))
        {
            w.Line($"{v}.Zero.StoreUnsafe(ref scores, j * {Int(stride)} + query);");
        }
    }

    private static void EmitAddMask(SourceWriter w, AttentionLayout l)
    {
        AttentionSpec s = l.Spec;
        if (!s.Has(AttentionMask.Explicit))
        {
            return;
        }

        w.Line("// Explicit additive mask (a query per row, its top-left corner for fewer queries or keys) before anything else,");
        w.Line("// as PyTorch adds it to the raw scores.");
        using (w.Block("for (nuint i = 0; i < queryCount; i++)"))
        using (w.Block("for (nuint j = 0; j < keyCount; j++)"))
        {
            w.Line($"Unsafe.Add(ref scores, j * {Int(l.SeqLenPadded)} + i) += Unsafe.Add(ref mask, i * {Int(s.KvSeqLen)} + j);");
        }
    }

    private static void EmitScalar(SourceWriter w, AttentionLayout l)
    {
        string keys = "keyCount", stride = Int(l.SeqLenPadded);
        w.Summary("Scalar form of <see cref=\"HeadSoftmax\"/>, a query at a time.");
        using (w.Block($"private static void HeadSoftmaxScalar({Parameters(l)})"))
        {
            EmitAddMask(w, l);
            using (w.Block("for (nuint i = 0; i < queryCount; i++)"))
            {
                w.Line($"ref float column = ref Unsafe.Add(ref scores, i);");
                w.Line("// Keys past the visible count are padding or the causal future.");
                using (w.Block($"for (nuint j = {AttentionCoreEmitter.VisibleKeys(l, "i + 1")}; j < {keys}; j++)"))
                {
                    w.Line($"Unsafe.Add(ref column, j * {stride}) = float.NegativeInfinity;");
                }

                w.Line("float max = float.NegativeInfinity;");
                using (w.Block($"for (nuint j = 0; j < {keys}; j++)"))
                {
                    w.Line($"max = Math.Max(max, Unsafe.Add(ref column, j * {stride}));");
                }

                w.Line("// A query that sees no key gets weights 0 (and so context 0), never NaN.");
                using (w.Block("if (float.IsNegativeInfinity(max))"))
                {
                    using (w.Block($"for (nuint j = 0; j < {keys}; j++)"))
                    {
                        w.Line($"Unsafe.Add(ref column, j * {stride}) = 0f;");
                    }

                    w.Line("continue;");
                }

                w.Line("float total = 0f;");
                using (w.Block($"for (nuint j = 0; j < {keys}; j++)"))
                {
                    w.Line($"float e = {TypeNames.Activations}.ExpNonPositive(Unsafe.Add(ref column, j * {stride}) - max);");
                    w.Line($"Unsafe.Add(ref column, j * {stride}) = e;");
                    w.Line("total += e;");
                }

                using (w.Block($"for (nuint j = 0; j < {keys}; j++)"))
                {
                    w.Line($"Unsafe.Add(ref column, j * {stride}) /= total;");
                }
            }
        }
    }
}
