using AttnGen.Generator.Emitting;
using static AttnGen.Generator.Emitting.SourceWriter;

namespace AttnGen.Generator.Kernels;

/// <summary>
/// Emits the masked softmax of one score row: add the explicit mask, hide keys at or past the visible
/// count (padding, causal future, and the zero-padded tail of the row), subtract the row maximum, exponentiate,
/// normalise. A row with no visible key becomes all zeros instead of NaN.
/// </summary>
internal static class SoftmaxEmitter
{
    public static string Parameters(AttentionLayout l) =>
        l.Spec.Has(AttentionMask.Explicit) ? "ref float scores, ref float maskRow, int visibleKeys" : "ref float scores, int visibleKeys";

    public static string Arguments(AttentionLayout l) =>
        l.Spec.Has(AttentionMask.Explicit) ? "ref scores, ref maskRow, visibleKeys" : "ref scores, visibleKeys";

    public static void Emit(SourceWriter w, AttentionLayout l)
    {
        EmitVector(w, l);
        w.Line();
        EmitScalar(w, l);
    }

    private static void EmitVector(SourceWriter w, AttentionLayout l)
    {
        int keys = l.Spec.KvSeqLen, padded = l.KvSeqLenPadded;
        w.Line($"/// <summary>");
        w.Line($"/// Softmax over the first <paramref name=\"visibleKeys\"/> of {keys} scores, in place; the rest become 0.");
        w.Line($"/// With no visible key (or every visible score −∞) the whole row becomes 0.");
        w.Line($"/// </summary>");
        w.Line(KernelText.HotMethod);
        using (w.Block($"internal static void Softmax({Parameters(l)})"))
        {
            KernelText.FallbackDispatch(w, $"SoftmaxScalar({Arguments(l)});");
            if (l.Spec.Has(AttentionMask.Explicit))
            {
                EmitAddMask(w, keys);
            }

            EmitHideInvisible(w, padded);
            w.Line("Vector256<float> maxima = Vector256.Create(float.NegativeInfinity);");
            using (w.Block($"for (nuint j = 0; j < {Int(padded)}; j += 8)"))
            {
                w.Line("maxima = Vector256.Max(maxima, Vector256.LoadUnsafe(ref scores, j));");
            }

            w.Line("float max = float.NegativeInfinity;");
            using (w.Block("for (int lane = 0; lane < 8; lane++)"))
            {
                w.Line("max = Math.Max(max, maxima.GetElement(lane));");
            }

            EmitAllHiddenExit(w, padded);
            w.Line("Vector256<float> shift = Vector256.Create(max);");
            w.Line("Vector256<float> sums = Vector256<float>.Zero;");
            using (w.Block($"for (nuint j = 0; j < {Int(padded)}; j += 8)"))
            {
                w.Line("Vector256<float> e = Vector256.Exp(Vector256.LoadUnsafe(ref scores, j) - shift);");
                w.Line("e.StoreUnsafe(ref scores, j);");
                w.Line("sums += e;");
            }

            w.Line("Vector256<float> total = Vector256.Create(Vector256.Sum(sums));");
            using (w.Block($"for (nuint j = 0; j < {Int(padded)}; j += 8)"))
            {
                w.Line("(Vector256.LoadUnsafe(ref scores, j) / total).StoreUnsafe(ref scores, j);");
            }
        }
    }

    private static void EmitAddMask(SourceWriter w, int keys)
    {
        int vectorKeys = keys / Lanes.Count * Lanes.Count;
        w.Line("// Explicit additive mask, before anything else, as PyTorch adds it to the raw scores.");
        if (vectorKeys > 0)
        {
            using (w.Block($"for (nuint j = 0; j < {Int(vectorKeys)}; j += 8)"))
            {
                w.Line("(Vector256.LoadUnsafe(ref scores, j) + Vector256.LoadUnsafe(ref maskRow, j)).StoreUnsafe(ref scores, j);");
            }
        }

        if (vectorKeys < keys)
        {
            using (w.Block($"for (int j = {Int(vectorKeys)}; j < {Int(keys)}; j++)"))
            {
                w.Line("Unsafe.Add(ref scores, j) += Unsafe.Add(ref maskRow, j);");
            }
        }
    }

    private static void EmitHideInvisible(SourceWriter w, int padded)
    {
        w.Line("// Keys past the visible count are padding, the causal future, or the row's zero-padded tail.");
        using (w.Block($"for (int j = visibleKeys; j < {Int(padded)}; j++)"))
        {
            w.Line("Unsafe.Add(ref scores, j) = float.NegativeInfinity;");
        }
    }

    private static void EmitAllHiddenExit(SourceWriter w, int padded)
    {
        w.Line("// A query that sees no key gets weights 0 (and so context 0), never NaN.");
        using (w.Block("if (float.IsNegativeInfinity(max))"))
        {
            w.Line($"MemoryMarshal.CreateSpan(ref scores, {Int(padded)}).Clear();");
            w.Line("return;");
        }
    }

    private static void EmitScalar(SourceWriter w, AttentionLayout l)
    {
        int keys = l.Spec.KvSeqLen, padded = l.KvSeqLenPadded;
        w.Line("/// <summary>Scalar form of <see cref=\"Softmax\"/>.</summary>");
        using (w.Block($"private static void SoftmaxScalar({Parameters(l)})"))
        {
            if (l.Spec.Has(AttentionMask.Explicit))
            {
                using (w.Block($"for (int j = 0; j < {Int(keys)}; j++)"))
                {
                    w.Line("Unsafe.Add(ref scores, j) += Unsafe.Add(ref maskRow, j);");
                }
            }

            EmitHideInvisible(w, padded);
            w.Line("float max = float.NegativeInfinity;");
            using (w.Block($"for (int j = 0; j < {Int(padded)}; j++)"))
            {
                w.Line("max = Math.Max(max, Unsafe.Add(ref scores, j));");
            }

            EmitAllHiddenExit(w, padded);
            w.Line("float total = 0f;");
            using (w.Block($"for (int j = 0; j < {Int(padded)}; j++)"))
            {
                w.Line("float e = MathF.Exp(Unsafe.Add(ref scores, j) - max);");
                w.Line("Unsafe.Add(ref scores, j) = e;");
                w.Line("total += e;");
            }

            using (w.Block($"for (int j = 0; j < {Int(padded)}; j++)"))
            {
                w.Line("Unsafe.Add(ref scores, j) /= total;");
            }
        }
    }
}
