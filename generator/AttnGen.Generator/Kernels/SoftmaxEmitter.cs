using AttnGen.Generator.Emitting;
using AttnGen.Generator.Model;
using static AttnGen.Generator.Emitting.SourceWriter;

namespace AttnGen.Generator.Kernels;

/// <summary>
/// Emits the masked softmax of one head's score rows, each in place: add the explicit mask, hide keys at or past the
/// row's visible count (padding, causal future, and the zero-padded tail of the row), subtract the row maximum,
/// exponentiate, normalise. A row with no visible key becomes all zeros instead of NaN.
/// </summary>
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
        int padded = l.KvSeqLenPadded;
        w.Line($"/// <summary>");
        w.Line($"/// Softmax of each of the {l.Spec.SeqLen} rows of scores[{l.Spec.SeqLen}, {padded}] over its visible keys, in place; the rest become 0.");
        w.Line($"/// A row with no visible key (or every visible score −∞) becomes 0.");
        w.Line($"/// </summary>");
        w.Line(KernelText.HotMethod);
        using (w.Block($"internal static void HeadSoftmax({Parameters(l)})"))
        {
            KernelText.FallbackDispatch(w, $"HeadSoftmaxScalar({KernelText.Arguments(Parameters(l))});");
            using (EmitRowStart(w, l))
            {
                if (l.Spec.Has(AttentionMask.Explicit))
                {
                    EmitAddMask(w, l.Spec.KvSeqLen);
                }

                w.Line("// Only the vectors holding visible keys are computed; within them, later keys are hidden.");
                w.Line("nuint width = (visibleKeys + 7) & ~(nuint)7;");
                w.Line("Vector256<float> limit = Vector256.Create((float)visibleKeys);");
                w.Line("Vector256<float> maxima = Vector256.Create(float.NegativeInfinity);");
                using (w.Block("for (nuint j = 0; j < width; j += 8)"))
                {
                    w.Line("Vector256<float> visible = Vector256.LessThan(Vector256<float>.Indices + Vector256.Create((float)j), limit);");
                    w.Line("Vector256<float> s = Vector256.ConditionalSelect(visible, Vector256.LoadUnsafe(ref rowScores, j), Vector256.Create(float.NegativeInfinity));");
                    w.Line("s.StoreUnsafe(ref rowScores, j);");
                    w.Line("maxima = Vector256.Max(maxima, s);");
                }

                w.Line("// The maximum across lanes, by halving.");
                w.Line("Vector128<float> half = Vector128.Max(maxima.GetLower(), maxima.GetUpper());");
                w.Line("half = Vector128.Max(half, Vector128.Shuffle(half, Vector128.Create(2, 3, 0, 1)));");
                w.Line("half = Vector128.Max(half, Vector128.Shuffle(half, Vector128.Create(1, 0, 3, 2)));");
                w.Line("float max = half.ToScalar();");
                w.Line("// A query that sees no key gets weights 0 (and so context 0), never NaN.");
                using (w.Block("if (float.IsNegativeInfinity(max))"))
                {
                    w.Line("width = 0;");
                }

                w.Line("Vector256<float> shift = Vector256.Create(max);");
                w.Line("Vector256<float> sums = Vector256<float>.Zero;");
                using (w.Block("for (nuint j = 0; j < width; j += 8)"))
                {
                    w.Line("Vector256<float> e = Vector256.Exp(Vector256.LoadUnsafe(ref rowScores, j) - shift);");
                    w.Line("e.StoreUnsafe(ref rowScores, j);");
                    w.Line("sums += e;");
                }

                w.Line("Vector256<float> total = Vector256.Create(Vector256.Sum(sums));");
                using (w.Block("for (nuint j = 0; j < width; j += 8)"))
                {
                    w.Line("(Vector256.LoadUnsafe(ref rowScores, j) / total).StoreUnsafe(ref rowScores, j);");
                }

                using (w.Block($"for (nuint j = width; j < {Int(padded)}; j += 8)"))
                {
                    w.Line("Vector256<float>.Zero.StoreUnsafe(ref rowScores, j);");
                }
            }
        }
    }

    /// <summary>Opens the loop over rows with the row's scores, mask row and visible key count in scope.</summary>
    private static System.IDisposable EmitRowStart(SourceWriter w, AttentionLayout l)
    {
        System.IDisposable loop = w.Block($"for (nuint row = 0; row < {Int(l.Spec.SeqLen)}; row++)");
        w.Line($"ref float rowScores = ref Unsafe.Add(ref scores, row * {Int(l.KvSeqLenPadded)});");
        if (l.Spec.Has(AttentionMask.Explicit))
        {
            w.Line($"ref float maskRow = ref Unsafe.Add(ref mask, row * {Int(l.Spec.KvSeqLen)});");
        }

        w.Line($"nuint visibleKeys = {AttentionCoreEmitter.VisibleKeys(l, "row + 1")};");
        return loop;
    }

    private static void EmitAddMask(SourceWriter w, int keys)
    {
        int vectorKeys = keys / Lanes.Count * Lanes.Count;
        w.Line("// Explicit additive mask, before anything else, as PyTorch adds it to the raw scores.");
        if (vectorKeys > 0)
        {
            using (w.Block($"for (nuint j = 0; j < {Int(vectorKeys)}; j += 8)"))
            {
                w.Line("(Vector256.LoadUnsafe(ref rowScores, j) + Vector256.LoadUnsafe(ref maskRow, j)).StoreUnsafe(ref rowScores, j);");
            }
        }

        if (vectorKeys < keys)
        {
            using (w.Block($"for (nuint j = {Int(vectorKeys)}; j < {Int(keys)}; j++)"))
            {
                w.Line("Unsafe.Add(ref rowScores, j) += Unsafe.Add(ref maskRow, j);");
            }
        }
    }

    private static void EmitScalar(SourceWriter w, AttentionLayout l)
    {
        int keys = l.Spec.KvSeqLen, padded = l.KvSeqLenPadded;
        w.Line("/// <summary>Scalar form of <see cref=\"HeadSoftmax\"/>.</summary>");
        using (w.Block($"private static void HeadSoftmaxScalar({Parameters(l)})"))
        using (EmitRowStart(w, l))
        {
            if (l.Spec.Has(AttentionMask.Explicit))
            {
                using (w.Block($"for (nuint j = 0; j < {Int(keys)}; j++)"))
                {
                    w.Line("Unsafe.Add(ref rowScores, j) += Unsafe.Add(ref maskRow, j);");
                }
            }

            w.Line("// Keys past the visible count are padding, the causal future, or the row's zero-padded tail.");
            using (w.Block($"for (nuint j = visibleKeys; j < {Int(padded)}; j++)"))
            {
                w.Line("Unsafe.Add(ref rowScores, j) = float.NegativeInfinity;");
            }

            w.Line("float max = float.NegativeInfinity;");
            using (w.Block($"for (nuint j = 0; j < {Int(padded)}; j++)"))
            {
                w.Line("max = Math.Max(max, Unsafe.Add(ref rowScores, j));");
            }

            w.Line("// A query that sees no key gets weights 0 (and so context 0), never NaN.");
            using (w.Block("if (float.IsNegativeInfinity(max))"))
            {
                w.Line($"MemoryMarshal.CreateSpan(ref rowScores, {Int(padded)}).Clear();");
                w.Line("continue;");
            }

            w.Line("float total = 0f;");
            using (w.Block($"for (nuint j = 0; j < {Int(padded)}; j++)"))
            {
                w.Line("float e = MathF.Exp(Unsafe.Add(ref rowScores, j) - max);");
                w.Line("Unsafe.Add(ref rowScores, j) = e;");
                w.Line("total += e;");
            }

            using (w.Block($"for (nuint j = 0; j < {Int(padded)}; j++)"))
            {
                w.Line("Unsafe.Add(ref rowScores, j) /= total;");
            }
        }
    }
}
