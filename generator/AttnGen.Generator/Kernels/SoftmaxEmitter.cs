using AttnGen.Generator.Emitting;
using AttnGen.Generator.Model;
using static AttnGen.Generator.Emitting.SourceWriter;

namespace AttnGen.Generator.Kernels;

/// <summary>
/// Emits the masked softmax of one head's transposed scores, each query's column in place: add the explicit mask,
/// hide keys at or past the query's visible count (padding, causal future), subtract the query's maximum,
/// exponentiate, normalise. A query with no visible key gets all zeros instead of NaN.
/// </summary>
/// <remarks>
/// The vector form takes 8 queries at a time, one per lane, down the keys: maximum and sum are lane-wise, and the
/// keys that no query of the 8 sees are neither read nor exponentiated, only set to 0.
/// </remarks>
internal static class SoftmaxEmitter
{
    public static string Parameters(AttentionLayout l) =>
        "ref float scores" + (l.Spec.Has(AttentionMask.Explicit) ? ", ref float mask" : "") + AttentionCoreEmitter.KeyLengthParameter(l);

    public static void Emit(SourceWriter w, AttentionLayout l)
    {
        EmitVector(w, l);
        w.Line();
        EmitScalar(w, l);
    }

    private static void EmitVector(SourceWriter w, AttentionLayout l)
    {
        AttentionSpec s = l.Spec;
        int stride = l.SeqLenPadded;
        bool causal = s.Has(AttentionMask.Causal);
        w.Line($"/// <summary>");
        w.Line($"/// Softmax of each of the {s.SeqLen} queries' columns of scoresᵀ[{s.KvSeqLen}, {stride}] over its visible keys, in place; the rest become 0.");
        w.Line($"/// A query with no visible key (or every visible score −∞) gets 0 throughout.");
        w.Line($"/// </summary>");
        w.Line(KernelText.HotMethod);
        using (w.Block($"internal static void HeadSoftmax({Parameters(l)})"))
        {
            KernelText.FallbackDispatch(w, $"HeadSoftmaxScalar({KernelText.Arguments(Parameters(l))});");
            EmitAddMask(w, l);
            using (w.Block($"for (nuint query = 0; query < {Int(stride)}; query += 8)"))
            {
                w.Line(causal
                    ? "// The keys the last of these 8 queries sees; an earlier query's later keys are hidden lane by lane."
                    : "// The keys these 8 queries see.");
                w.Line($"nuint visibleKeys = {AttentionCoreEmitter.VisibleKeys(l, "query + 8")};");
                if (causal)
                {
                    w.Line("Vector256<float> queryIndex = Vector256<float>.Indices + Vector256.Create((float)query);");
                    w.Line("Vector256<float> keyIndex = Vector256<float>.Zero;");
                }

                w.Line("Vector256<float> maxima = Vector256.Create(float.NegativeInfinity);");
                using (w.Block("for (nuint j = 0; j < visibleKeys; j++)"))
                {
                    w.Line($"Vector256<float> score = Vector256.LoadUnsafe(ref scores, j * {Int(stride)} + query);");
                    if (causal)
                    {
                        w.Line("score = Vector256.ConditionalSelect(Vector256.LessThan(queryIndex, keyIndex), Vector256.Create(float.NegativeInfinity), score);");
                        w.Line($"score.StoreUnsafe(ref scores, j * {Int(stride)} + query);");
                        w.Line("keyIndex += Vector256<float>.One;");
                    }

                    w.Line("// MaxNative: one instruction; the IEEE ±0 and NaN rules of Max cost three and cannot change the softmax.");
                    w.Line("maxima = Vector256.MaxNative(maxima, score);");
                }

                w.Line("// A query that sees no key has maximum −∞: a shift of 0 keeps its exponentials 0, a total of 1 its weights 0 (not NaN).");
                w.Line("Vector256<float> hidden = Vector256.Equals(maxima, Vector256.Create(float.NegativeInfinity));");
                w.Line("Vector256<float> shift = Vector256.ConditionalSelect(hidden, Vector256<float>.Zero, maxima);");
                w.Line("Vector256<float> sums = Vector256<float>.Zero;");
                using (w.Block("for (nuint j = 0; j < visibleKeys; j++)"))
                {
                    w.Line("// Inlined, not Vector256.Exp: that is a call, which makes this loop spill its vectors.");
                    w.Line($"Vector256<float> e = global::AttnGen.Activations.ExpNonPositive(Vector256.LoadUnsafe(ref scores, j * {Int(stride)} + query) - shift);");
                    w.Line($"e.StoreUnsafe(ref scores, j * {Int(stride)} + query);");
                    w.Line("sums += e;");
                }

                w.Line("// One division, then products: a division per key cost more than the exponentials.");
                w.Line("Vector256<float> reciprocal = Vector256<float>.One / Vector256.ConditionalSelect(hidden, Vector256<float>.One, sums);");
                using (w.Block("for (nuint j = 0; j < visibleKeys; j++)"))
                {
                    w.Line($"(Vector256.LoadUnsafe(ref scores, j * {Int(stride)} + query) * reciprocal).StoreUnsafe(ref scores, j * {Int(stride)} + query);");
                }

                using (w.Block($"for (nuint j = visibleKeys; j < {Int(s.KvSeqLen)}; j++)"))
                {
                    w.Line($"Vector256<float>.Zero.StoreUnsafe(ref scores, j * {Int(stride)} + query);");
                }
            }
        }
    }

    private static void EmitAddMask(SourceWriter w, AttentionLayout l)
    {
        AttentionSpec s = l.Spec;
        if (!s.Has(AttentionMask.Explicit))
        {
            return;
        }

        w.Line("// Explicit additive mask (a query per row) before anything else, as PyTorch adds it to the raw scores.");
        using (w.Block($"for (nuint i = 0; i < {Int(s.SeqLen)}; i++)"))
        using (w.Block($"for (nuint j = 0; j < {Int(s.KvSeqLen)}; j++)"))
        {
            w.Line($"Unsafe.Add(ref scores, j * {Int(l.SeqLenPadded)} + i) += Unsafe.Add(ref mask, i * {Int(s.KvSeqLen)} + j);");
        }
    }

    private static void EmitScalar(SourceWriter w, AttentionLayout l)
    {
        AttentionSpec s = l.Spec;
        string keys = Int(s.KvSeqLen), stride = Int(l.SeqLenPadded);
        w.Line("/// <summary>Scalar form of <see cref=\"HeadSoftmax\"/>, a query at a time.</summary>");
        using (w.Block($"private static void HeadSoftmaxScalar({Parameters(l)})"))
        {
            EmitAddMask(w, l);
            using (w.Block($"for (nuint i = 0; i < {Int(s.SeqLen)}; i++)"))
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
                    w.Line($"float e = global::AttnGen.Activations.ExpNonPositive(Unsafe.Add(ref column, j * {stride}) - max);");
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
