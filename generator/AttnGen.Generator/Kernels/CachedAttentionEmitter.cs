using System.Globalization;
using System.Linq;
using AttnGen.Generator.Layout;
using AttnGen.Generator.Writing;
using static AttnGen.Generator.Writing.SourceWriter;

namespace AttnGen.Generator.Kernels;

/// <summary>
/// Emits the kernels of a causal self-attention over a key/value cache (<see cref="CachedAttentionLayout"/>): the two
/// projections, the rotary embedding of a projected row, and one query head's attention over its cached positions.
/// </summary>
/// <remarks>
/// A query's result depends only on its own row and the cache it reads, never on how many rows a call holds or where
/// a chunk starts, so decoding a sequence token by token gives the same floats as computing it in one pass.
/// </remarks>
internal static class CachedAttentionEmitter
{
    private const string AttendParameters = "ref float query, ref float keys, ref float values, ref float scores, ref float context, nuint visible";

    /// <summary>Vectors of a head the context loop accumulates at once: 8 accumulators, a broadcast and a load fit 16 registers.</summary>
    private const int ContextGroup = 8;

    public static void Emit(SourceWriter w, CachedAttentionLayout l, string owner)
    {
        w.Summary($"The attention kernels of <see cref=\"{owner}\"/>, specialised to its shape.");
        using (w.Block($"file static class {l.KernelClass}"))
        {
            GemmEmitter.Emit(w, l.Projections);
            w.Line();
            GemmEmitter.Emit(w, l.OutputProjection);
            if (l.HasRotary)
            {
                w.Line();
                EmitRotary(w, l);
            }

            w.Line();
            EmitAttendHead(w, l.HeadDimPadded);
        }
    }

    /// <summary>
    /// The kernel class of a layer whose products are emitted elsewhere (a decoder layer's, shared with its
    /// full-sequence <c>Forward</c>): only <c>AttendHead</c>, for its padded head size.
    /// </summary>
    public static void EmitAttendOnly(SourceWriter w, CachedAttentionLayout l, string owner)
    {
        w.Summary($"The cached attention kernel of <see cref=\"{owner}\"/>, specialised to its head size.");
        using (w.Block($"file static class {l.KernelClass}"))
        {
            EmitAttendHead(w, l.HeadDimPadded);
        }
    }

    /// <summary><c>AttendHead</c>: a dispatch to the widest form the machine runs, each vector form, and the scalar one.</summary>
    private static void EmitAttendHead(SourceWriter w, int stride)
    {
        // A form whose vectors do not divide the padded head (Vector512 and a head of 8 or 24) is left out.
        TileForm[] forms = TileForm.All.Where(form => stride % form.LanesPerVector == 0).ToArray();
        w.Summary(
            $"One query head's attention over the first <paramref name=\"visible\"/> cached positions, in the " +
            $"widest form the machine runs.");
        KernelText.FormDispatch(w, "AttendHead", AttendParameters, KernelText.Arguments(AttendParameters), forms);
        foreach (TileForm form in forms)
        {
            w.Line();
            EmitAttendVector(w, stride, form);
        }

        w.Line();
        EmitAttendScalar(w, stride);
    }

    private static void EmitRotary(SourceWriter w, CachedAttentionLayout l)
    {
        int half = l.HeadDim / 2;
        string theta = l.RotaryTheta.ToString("R", CultureInfo.InvariantCulture);
        w.Line($"// cos and sin of position · {theta}^(−2i/{l.HeadDim}), [{l.MaxSeqLen}, {half}]: computed once, in double.");
        w.Line($"private static readonly float[] Cos = global::AttnGen.RotaryEmbedding.Cos({Int(l.MaxSeqLen)}, {Int(l.HeadDim)}, {theta});");
        w.Line($"private static readonly float[] Sin = global::AttnGen.RotaryEmbedding.Sin({Int(l.MaxSeqLen)}, {Int(l.HeadDim)}, {theta});");
        w.Line();
        w.Summary(
            $"Turns every query and key head of one projected row by its position: dimension i pairs with i + " +
            $"{half}, as HuggingFace's <c>rotate_half</c> (<c>q·cos + rotate_half(q)·sin</c>).");
        w.Line(KernelText.HotMethod);
        using (w.Block("internal static void RotateRow(ref float row, nuint position)"))
        {
            w.Line($"ref float cos = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(Cos), position * {Int(half)});");
            w.Line($"ref float sin = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(Sin), position * {Int(half)});");
            w.Line($"// The query heads, then the key heads right after them; the values are not turned.");
            using (w.Block($"for (nuint head = 0; head < {Int(l.Heads + l.KvHeads)}; head++)"))
            {
                w.Line($"ref float first = ref Unsafe.Add(ref row, head * {Int(l.HeadDim)});");
                w.Line($"ref float second = ref Unsafe.Add(ref first, {Int(half)});");
                w.Line("nuint i = 0;");
                KernelText.FormLoops(w, TileForm.RowForms,
                    form => $"for (; i + {Int(form.LanesPerVector)} <= {Int(half)}; i += {Int(form.LanesPerVector)})",
                    form =>
                    {
                        string vector = form.VectorType, v = $"{vector}<float>";
                        w.Line($"{v} a = {vector}.LoadUnsafe(ref first, i), b = {vector}.LoadUnsafe(ref second, i);");
                        w.Line($"{v} c = {vector}.LoadUnsafe(ref cos, i), s = {vector}.LoadUnsafe(ref sin, i);");
                        w.Line("(a * c - b * s).StoreUnsafe(ref first, i);");
                        w.Line("(b * c + a * s).StoreUnsafe(ref second, i);");
                    });
                using (w.Block($"for (; i < {Int(half)}; i++)"))
                {
                    w.Line("float a = Unsafe.Add(ref first, i), b = Unsafe.Add(ref second, i);");
                    w.Line("float c = Unsafe.Add(ref cos, i), s = Unsafe.Add(ref sin, i);");
                    w.Line("Unsafe.Add(ref first, i) = a * c - b * s;");
                    w.Line("Unsafe.Add(ref second, i) = b * c + a * s;");
                }
            }
        }
    }

    /// <summary>
    /// Scores (the query arrives scaled by 1/√HeadDim and padded with zeros, as the cached keys are), a softmax over
    /// them, then the weighted sum of the values, in vectors of <paramref name="form"/> along the head.
    /// </summary>
    /// <remarks>
    /// The Vector512 form adds in the Vector256 form's order, so the two give the same bits: a score's two Vector256
    /// accumulators are the halves of its one Vector512 accumulator, and the softmax's sum gathers each Vector512 of
    /// exponentials into a Vector256 half by half. An AVX-512 machine under the JIT and a Native AOT build for x86-64-v3
    /// then decode alike. The products and the context are lane by lane, the same in any width.
    /// </remarks>
    private static void EmitAttendVector(SourceWriter w, int stride, TileForm form)
    {
        string vector = form.VectorType, v = $"{vector}<float>", fma = $"{vector}.{form.MultiplyAdd}";
        int lanes = form.LanesPerVector, vectors = stride / lanes;
        bool foldsIntoNarrow = form == TileForm.Wide;
        string narrow = TileForm.Narrow.VectorType;
        w.Summary($"<c>AttendHead</c> in {vector}s: {vectors} per head.");
        w.Line(KernelText.HotMethod);
        using (w.Block($"private static void AttendHead{form.Suffix}({AttendParameters})"))
        {
            w.Line("float maximum = float.NegativeInfinity;");
            using (w.Block("for (nuint j = 0; j < visible; j++)"))
            {
                w.Line($"ref float key = ref Unsafe.Add(ref keys, j * {Int(stride)});");
                // Two accumulators, so that consecutive multiply-adds do not wait on each other; in Vector512, one,
                // whose halves are those two.
                int accumulators = foldsIntoNarrow ? 1 : System.Math.Min(2, vectors);
                for (int k = 0; k < vectors; k++)
                {
                    string product = $"{vector}.LoadUnsafe(ref query, {Int(k * lanes)}) * {vector}.LoadUnsafe(ref key, {Int(k * lanes)})";
                    w.Line(k < accumulators
                        ? $"{v} dot{k} = {product};"
                        : $"dot{k % accumulators} = {fma}({vector}.LoadUnsafe(ref query, {Int(k * lanes)}), {vector}.LoadUnsafe(ref key, {Int(k * lanes)}), dot{k % accumulators});");
                }

                w.Line(foldsIntoNarrow
                    ? $"float score = {narrow}.Sum(dot0.GetLower() + dot0.GetUpper());"
                    : $"float score = {vector}.Sum({(accumulators == 2 ? "dot0 + dot1" : "dot0")});");
                w.Line("Unsafe.Add(ref scores, j) = score;");
                w.Line("maximum = MathF.Max(maximum, score);");
            }

            w.Line();
            w.Line("// exp(score − maximum) in place, and their sum.");
            w.Line($"{v} maxima = {vector}.Create(maximum);");
            string sumVector = foldsIntoNarrow ? narrow : vector;
            w.Line($"{sumVector}<float> sums = {sumVector}<float>.Zero;");
            w.Line("nuint i = 0;");
            using (w.Block($"for (; i + {Int(lanes)} <= visible; i += {Int(lanes)})"))
            {
                EmitExponentials(w, vector, "maxima", foldsIntoNarrow ? ["e.GetLower()", "e.GetUpper()"] : ["e"]);
            }

            if (foldsIntoNarrow)
            {
                int narrowLanes = TileForm.Narrow.LanesPerVector;
                using (w.Block($"if (i + {Int(narrowLanes)} <= visible)"))
                {
                    EmitExponentials(w, narrow, "maxima.GetLower()", ["e"]);
                    w.Line($"i += {Int(narrowLanes)};");
                }
            }

            w.Line($"float sum = {sumVector}.Sum(sums);");
            using (w.Block("for (; i < visible; i++)"))
            {
                w.Line("float e = global::AttnGen.Activations.ExpNonPositive(Unsafe.Add(ref scores, i) - maximum);");
                w.Line("Unsafe.Add(ref scores, i) = e;");
                w.Line("sum += e;");
            }

            w.Line($"{v} reciprocal = {vector}.Create(1f / sum);");
            for (int first = 0; first < vectors; first += ContextGroup)
            {
                int count = System.Math.Min(ContextGroup, vectors - first);
                w.Line();
                w.Line(vectors <= ContextGroup
                    ? "// context = Σ p_j · v_j / sum"
                    : $"// context[{first * lanes}…{(first + count) * lanes}) = Σ p_j · v_j / sum: {ContextGroup} vectors of the head at a time, all in registers.");
                using (vectors > ContextGroup ? w.Block("") : null)
                {
                    for (int k = first; k < first + count; k++)
                    {
                        w.Line($"{v} c{k} = {v}.Zero;");
                    }

                    using (w.Block("for (nuint j = 0; j < visible; j++)"))
                    {
                        w.Line($"{v} p = {vector}.Create(Unsafe.Add(ref scores, j));");
                        w.Line($"ref float value = ref Unsafe.Add(ref values, j * {Int(stride)});");
                        for (int k = first; k < first + count; k++)
                        {
                            w.Line($"c{k} = {fma}(p, {vector}.LoadUnsafe(ref value, {Int(k * lanes)}), c{k});");
                        }
                    }

                    for (int k = first; k < first + count; k++)
                    {
                        w.Line($"(c{k} * reciprocal).StoreUnsafe(ref context, {Int(k * lanes)});");
                    }
                }
            }
        }
    }

    /// <summary>
    /// One vector of exponentials at <c>i</c>, <c>exp(score − maximum)</c>, stored over the scores and added into
    /// <c>sums</c> by <paramref name="parts"/> (a Vector512's halves, in order, where <c>sums</c> is a Vector256).
    /// </summary>
    private static void EmitExponentials(SourceWriter w, string vector, string maxima, string[] parts)
    {
        w.Line($"{vector}<float> e = global::AttnGen.Activations.ExpNonPositive({vector}.LoadUnsafe(ref scores, i) - {maxima});");
        w.Line("e.StoreUnsafe(ref scores, i);");
        foreach (string part in parts)
        {
            w.Line($"sums += {part};");
        }
    }

    private static void EmitAttendScalar(SourceWriter w, int stride)
    {
        w.Summary("Scalar form of <c>AttendHead</c>, for machines without vector acceleration.");
        using (w.Block($"private static void AttendHeadScalar({AttendParameters})"))
        {
            w.Line("float maximum = float.NegativeInfinity;");
            using (w.Block("for (nuint j = 0; j < visible; j++)"))
            {
                w.Line($"ref float key = ref Unsafe.Add(ref keys, j * {Int(stride)});");
                w.Line("float score = 0;");
                using (w.Block($"for (nuint d = 0; d < {Int(stride)}; d++)"))
                {
                    w.Line("score += Unsafe.Add(ref query, d) * Unsafe.Add(ref key, d);");
                }

                w.Line("Unsafe.Add(ref scores, j) = score;");
                w.Line("maximum = MathF.Max(maximum, score);");
            }

            w.Line("float sum = 0;");
            using (w.Block("for (nuint j = 0; j < visible; j++)"))
            {
                w.Line("float e = global::AttnGen.Activations.ExpNonPositive(Unsafe.Add(ref scores, j) - maximum);");
                w.Line("Unsafe.Add(ref scores, j) = e;");
                w.Line("sum += e;");
            }

            w.Line("float reciprocal = 1f / sum;");
            using (w.Block($"for (nuint d = 0; d < {Int(stride)}; d++)"))
            {
                w.Line("float total = 0;");
                using (w.Block("for (nuint j = 0; j < visible; j++)"))
                {
                    w.Line($"total += Unsafe.Add(ref scores, j) * Unsafe.Add(ref values, j * {Int(stride)} + d);");
                }

                w.Line("Unsafe.Add(ref context, d) = total * reciprocal;");
            }
        }
    }
}
