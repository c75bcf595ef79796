using AttnGen.Generator.Layout;
using AttnGen.Generator.Writing;
using static AttnGen.Generator.Writing.SourceWriter;

namespace AttnGen.Generator.Kernels;

/// <summary>
/// Emits the norm kernels of one width: normalise rows, add a residual and normalise in one pass over the row
/// (post-norm), and add a residual alone (pre-norm). Sub-layer outputs arrive in rows padded to whole vectors.
/// </summary>
/// <remarks>
/// LayerNorm's statistics are PyTorch's: the mean, then the biased variance of the centred values (two passes, which
/// stays accurate when the mean is large against the spread), then <c>(x − mean)/√(var + eps)·γ + β</c>. RMSNorm
/// (<paramref name="rms"/>, Llama's) is <c>x/√(mean(x²) + eps)·γ</c>: no centring and no β, so its kernels take none.
/// </remarks>
internal sealed class LayerNormEmitter(int width, float eps, bool rms = false)
{
    public const string ClassName = "LayerNormKernels";

    /// <summary>The β parameter (with its comma) where the norm has one.</summary>
    private string Beta => rms ? "" : ", ref float beta";

    private string NormalizeParameters => $"ref float input, ref float gamma{Beta}, ref float output";

    /// <summary>Row stride of a sub-layer's output: its product writes whole vectors.</summary>
    private int SublayerStride => Lanes.RoundUp(width);

    public static string Call(string kernel) => $"global::{FileText.KernelNamespace}.{ClassName}.{kernel}";

    public void Emit(SourceWriter w, string owner)
    {
        w.Summary($"The {(rms ? "RMSNorm" : "LayerNorm")} kernels of <see cref=\"{owner}\"/>: rows of {width}, eps {eps.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}.");
        using (w.Block($"file static class {ClassName}"))
        {
            if (!rms)
            {
                // Post-norm adds and normalises in one pass; the RMSNorm layers are all pre-norm.
                EmitAddNorm(w);
                w.Line();
            }

            EmitNorm(w);
            w.Line();
            EmitAddResidual(w);
            w.Line();
            EmitNormalizeRow(w);
            foreach (TileForm form in TileForm.RowForms)
            {
                w.Line();
                EmitNormalizeRowVector(w, form);
            }

            w.Line();
            EmitNormalizeRowScalar(w);
        }
    }

    private void EmitAddNorm(SourceWriter w)
    {
        w.Summary($"output[r] = LayerNorm(residual[r] + sublayer[r]) for each row; residual and output rows are {width} wide, sublayer rows {SublayerStride}. Output may be residual.");
        w.Line(KernelText.HotMethod);
        using (w.Block("internal static void AddNorm(ref float residual, ref float sublayer, ref float gamma, ref float beta, ref float output, nuint rows)"))
        using (w.Block("for (nuint row = 0; row < rows; row++)"))
        {
            w.Line($"ref float outputRow = ref Unsafe.Add(ref output, row * {Int(width)});");
            EmitAddRow(w, "residual", "sublayer", "outputRow");
            w.Line("NormalizeRow(ref outputRow, ref gamma, ref beta, ref outputRow);");
        }
    }

    private void EmitNorm(SourceWriter w)
    {
        w.Summary($"output[r] = {(rms ? "RMSNorm" : "LayerNorm")}(input[r]) for each row of {width}. Output may be input.");
        w.Line(KernelText.HotMethod);
        using (w.Block($"internal static void Norm(ref float input, ref float gamma{Beta}, ref float output, nuint rows)"))
        using (w.Block("for (nuint row = 0; row < rows; row++)"))
        {
            w.Line($"NormalizeRow(ref Unsafe.Add(ref input, row * {Int(width)}), ref gamma{(rms ? "" : ", ref beta")}, ref Unsafe.Add(ref output, row * {Int(width)}));");
        }
    }

    private void EmitAddResidual(SourceWriter w)
    {
        w.Summary($"output[r] = residual[r] + sublayer[r] for each row; residual and output rows are {width} wide, sublayer rows {SublayerStride}. Output may be residual.");
        w.Line(KernelText.HotMethod);
        using (w.Block("internal static void AddResidual(ref float residual, ref float sublayer, ref float output, nuint rows)"))
        using (w.Block("for (nuint row = 0; row < rows; row++)"))
        {
            EmitAddRow(w, "residual", "sublayer", $"Unsafe.Add(ref output, row * {Int(width)})");
        }
    }

    /// <summary>One row of <c>target = residual + sublayer</c>, in vectors and a scalar tail.</summary>
    private void EmitAddRow(SourceWriter w, string residual, string sublayer, string target)
    {
        w.Line($"ref float residualRow = ref Unsafe.Add(ref {residual}, row * {Int(width)});");
        w.Line($"ref float sublayerRow = ref Unsafe.Add(ref {sublayer}, row * {Int(SublayerStride)});");
        w.Line($"ref float targetRow = ref {target};");
        w.Line("nuint i = 0;");
        KernelText.ElementwiseLoop(w, Int(width), TileForm.RowForms,
            form => $"({form.VectorType}.LoadUnsafe(ref residualRow, i) + {form.VectorType}.LoadUnsafe(ref sublayerRow, i)).StoreUnsafe(ref targetRow, i);",
            "Unsafe.Add(ref targetRow, i) = Unsafe.Add(ref residualRow, i) + Unsafe.Add(ref sublayerRow, i);");
    }

    private void EmitNormalizeRow(SourceWriter w)
    {
        w.Summary(rms
            ? "One row: scale by 1/√(mean(x²) + eps), then γ, in the widest row form the machine runs."
            : "One row: centre, scale by 1/√(var + eps), then γ and β, in the widest row form the machine runs.");
        KernelText.FormDispatch(w, "NormalizeRow", NormalizeParameters, KernelText.Arguments(NormalizeParameters), TileForm.RowForms);
    }

    private void EmitNormalizeRowVector(SourceWriter w, TileForm form)
    {
        string vector = form.VectorType, v = $"{vector}<float>";
        int lanes = form.LanesPerVector, tailStart = width / lanes * lanes;
        void Tail(string body)
        {
            if (tailStart < width)
            {
                using (w.Block($"for (nuint i = {Int(tailStart)}; i < {Int(width)}; i++)"))
                {
                    w.Line(body);
                }
            }
        }

        w.Summary($"<c>NormalizeRow</c> in {vector}s and a scalar tail.");
        w.Line("[MethodImpl(MethodImplOptions.AggressiveInlining)]");
        using (w.Block($"private static void NormalizeRow{form.Suffix}({NormalizeParameters})"))
        {
            // RMSNorm has no mean: its "centred" values are the inputs themselves.
            string centred = rms ? $"{vector}.LoadUnsafe(ref input, i)" : $"{vector}.LoadUnsafe(ref input, i) - means";
            if (!rms)
            {
                w.Line($"{v} sums = {v}.Zero;");
                using (w.Block($"for (nuint i = 0; i < {Int(tailStart)}; i += {Int(lanes)})"))
                {
                    w.Line($"sums += {vector}.LoadUnsafe(ref input, i);");
                }

                w.Line($"float sum = {vector}.Sum(sums);");
                Tail("sum += Unsafe.Add(ref input, i);");
                w.Line($"float mean = sum / {Int(width)};");
                w.Line($"{v} means = {vector}.Create(mean);");
            }

            w.Line($"{v} squares = {v}.Zero;");
            using (w.Block($"for (nuint i = 0; i < {Int(tailStart)}; i += {Int(lanes)})"))
            {
                w.Line($"{v} centred = {centred};");
                w.Line($"squares = {vector}.{form.MultiplyAdd}(centred, centred, squares);");
            }

            w.Line($"float squareSum = {vector}.Sum(squares);");
            Tail($"float centred = Unsafe.Add(ref input, i){(rms ? "" : " - mean")}; squareSum += centred * centred;");
            w.Line($"float inverse = 1f / MathF.Sqrt(squareSum / {Int(width)} + {Float(eps)});");
            w.Line($"{v} inverses = {vector}.Create(inverse);");
            using (w.Block($"for (nuint i = 0; i < {Int(tailStart)}; i += {Int(lanes)})"))
            {
                w.Line($"{v} normalized = ({centred}) * inverses;");
                w.Line(rms
                    ? $"(normalized * {vector}.LoadUnsafe(ref gamma, i)).StoreUnsafe(ref output, i);"
                    : $"{vector}.{form.MultiplyAdd}(normalized, {vector}.LoadUnsafe(ref gamma, i), {vector}.LoadUnsafe(ref beta, i)).StoreUnsafe(ref output, i);");
            }

            Tail(rms
                ? "Unsafe.Add(ref output, i) = Unsafe.Add(ref input, i) * inverse * Unsafe.Add(ref gamma, i);"
                : $"Unsafe.Add(ref output, i) = float.{form.MultiplyAdd}((Unsafe.Add(ref input, i) - mean) * inverse, Unsafe.Add(ref gamma, i), Unsafe.Add(ref beta, i));");
        }
    }

    private void EmitNormalizeRowScalar(SourceWriter w)
    {
        w.Summary("Scalar form of <c>NormalizeRow</c>, for machines without vector acceleration.");
        using (w.Block($"private static void NormalizeRowScalar({NormalizeParameters})"))
        {
            if (!rms)
            {
                w.Line("float sum = 0;");
                using (w.Block($"for (nuint i = 0; i < {Int(width)}; i++)"))
                {
                    w.Line("sum += Unsafe.Add(ref input, i);");
                }

                w.Line($"float mean = sum / {Int(width)};");
            }

            w.Line("float squareSum = 0;");
            using (w.Block($"for (nuint i = 0; i < {Int(width)}; i++)"))
            {
                w.Line($"float centred = Unsafe.Add(ref input, i){(rms ? "" : " - mean")};");
                w.Line("squareSum += centred * centred;");
            }

            w.Line($"float inverse = 1f / MathF.Sqrt(squareSum / {Int(width)} + {Float(eps)});");
            using (w.Block($"for (nuint i = 0; i < {Int(width)}; i++)"))
            {
                w.Line(rms
                    ? "Unsafe.Add(ref output, i) = Unsafe.Add(ref input, i) * inverse * Unsafe.Add(ref gamma, i);"
                    : "Unsafe.Add(ref output, i) = (Unsafe.Add(ref input, i) - mean) * inverse * Unsafe.Add(ref gamma, i) + Unsafe.Add(ref beta, i);");
            }
        }
    }
}
