using AttnGen.Generator.Emitting;
using static AttnGen.Generator.Emitting.SourceWriter;

namespace AttnGen.Generator.Kernels;

/// <summary>
/// Emits the LayerNorm kernels of one width: normalise rows, add a residual and normalise in one pass over the row
/// (post-norm), and add a residual alone (pre-norm). Sub-layer outputs arrive in rows padded to whole vectors.
/// </summary>
/// <remarks>
/// Statistics are PyTorch's: the mean, then the biased variance of the centred values (two passes, which stays
/// accurate when the mean is large against the spread), then <c>(x − mean)/√(var + eps)·γ + β</c>.
/// </remarks>
internal sealed class LayerNormEmitter(int width, float eps)
{
    public const string ClassName = "LayerNormKernels";

    private int FullVectors => width / Lanes.Count;

    private int TailStart => FullVectors * Lanes.Count;

    /// <summary>Row stride of a sub-layer's output: its product writes whole vectors.</summary>
    private int SublayerStride => Lanes.RoundUp(width);

    public static string Call(string kernel) => $"global::{FileText.KernelNamespace}.{ClassName}.{kernel}";

    public void Emit(SourceWriter w, string owner)
    {
        w.Line($"/// <summary>The LayerNorm kernels of <see cref=\"{owner}\"/>: rows of {width}, eps {eps.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}.</summary>");
        using (w.Block($"file static class {ClassName}"))
        {
            EmitAddNorm(w);
            w.Line();
            EmitNorm(w);
            w.Line();
            EmitAddResidual(w);
            w.Line();
            EmitNormalizeRow(w);
            w.Line();
            EmitNormalizeRowScalar(w);
        }
    }

    private void EmitAddNorm(SourceWriter w)
    {
        w.Line($"/// <summary>output[r] = LayerNorm(residual[r] + sublayer[r]) for each row; residual and output rows are {width} wide, sublayer rows {SublayerStride}. Output may be residual.</summary>");
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
        w.Line($"/// <summary>output[r] = LayerNorm(input[r]) for each row of {width}. Output may be input.</summary>");
        w.Line(KernelText.HotMethod);
        using (w.Block("internal static void Norm(ref float input, ref float gamma, ref float beta, ref float output, nuint rows)"))
        using (w.Block("for (nuint row = 0; row < rows; row++)"))
        {
            w.Line($"NormalizeRow(ref Unsafe.Add(ref input, row * {Int(width)}), ref gamma, ref beta, ref Unsafe.Add(ref output, row * {Int(width)}));");
        }
    }

    private void EmitAddResidual(SourceWriter w)
    {
        w.Line($"/// <summary>output[r] = residual[r] + sublayer[r] for each row; residual and output rows are {width} wide, sublayer rows {SublayerStride}. Output may be residual.</summary>");
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
        using (w.Block($"for (nuint i = 0; i < {Int(TailStart)}; i += {Int(Lanes.Count)})"))
        {
            w.Line("(Vector256.LoadUnsafe(ref residualRow, i) + Vector256.LoadUnsafe(ref sublayerRow, i)).StoreUnsafe(ref targetRow, i);");
        }

        EmitTail(w, "Unsafe.Add(ref targetRow, i) = Unsafe.Add(ref residualRow, i) + Unsafe.Add(ref sublayerRow, i);");
    }

    private void EmitTail(SourceWriter w, string body)
    {
        if (TailStart < width)
        {
            using (w.Block($"for (nuint i = {Int(TailStart)}; i < {Int(width)}; i++)"))
            {
                w.Line(body);
            }
        }
    }

    private void EmitNormalizeRow(SourceWriter w)
    {
        w.Line($"/// <summary>One row of {width}: centre, scale by 1/√(var + eps), then γ and β.</summary>");
        w.Line("[MethodImpl(MethodImplOptions.AggressiveInlining)]");
        using (w.Block("private static void NormalizeRow(ref float input, ref float gamma, ref float beta, ref float output)"))
        {
            using (w.Block("if (!Vector256.IsHardwareAccelerated)"))
            {
                w.Line("NormalizeRowScalar(ref input, ref gamma, ref beta, ref output);");
                w.Line("return;");
            }

            w.Line();
            w.Line("Vector256<float> sums = Vector256<float>.Zero;");
            using (w.Block($"for (nuint i = 0; i < {Int(TailStart)}; i += {Int(Lanes.Count)})"))
            {
                w.Line("sums += Vector256.LoadUnsafe(ref input, i);");
            }

            w.Line("float sum = Vector256.Sum(sums);");
            EmitTail(w, "sum += Unsafe.Add(ref input, i);");
            w.Line($"float mean = sum / {Int(width)};");
            w.Line("Vector256<float> means = Vector256.Create(mean);");
            w.Line("Vector256<float> squares = Vector256<float>.Zero;");
            using (w.Block($"for (nuint i = 0; i < {Int(TailStart)}; i += {Int(Lanes.Count)})"))
            {
                w.Line("Vector256<float> centred = Vector256.LoadUnsafe(ref input, i) - means;");
                w.Line("squares = Vector256.FusedMultiplyAdd(centred, centred, squares);");
            }

            w.Line("float squareSum = Vector256.Sum(squares);");
            EmitTail(w, "float centred = Unsafe.Add(ref input, i) - mean; squareSum += centred * centred;");
            w.Line($"float inverse = 1f / MathF.Sqrt(squareSum / {Int(width)} + {Float(eps)});");
            w.Line("Vector256<float> inverses = Vector256.Create(inverse);");
            using (w.Block($"for (nuint i = 0; i < {Int(TailStart)}; i += {Int(Lanes.Count)})"))
            {
                w.Line("Vector256<float> normalized = (Vector256.LoadUnsafe(ref input, i) - means) * inverses;");
                w.Line("Vector256.FusedMultiplyAdd(normalized, Vector256.LoadUnsafe(ref gamma, i), Vector256.LoadUnsafe(ref beta, i)).StoreUnsafe(ref output, i);");
            }

            EmitTail(w, "Unsafe.Add(ref output, i) = MathF.FusedMultiplyAdd((Unsafe.Add(ref input, i) - mean) * inverse, Unsafe.Add(ref gamma, i), Unsafe.Add(ref beta, i));");
        }
    }

    private void EmitNormalizeRowScalar(SourceWriter w)
    {
        w.Line("/// <summary>Scalar form of <c>NormalizeRow</c>, for machines without Vector256.</summary>");
        using (w.Block("private static void NormalizeRowScalar(ref float input, ref float gamma, ref float beta, ref float output)"))
        {
            w.Line("float sum = 0;");
            using (w.Block($"for (nuint i = 0; i < {Int(width)}; i++)"))
            {
                w.Line("sum += Unsafe.Add(ref input, i);");
            }

            w.Line($"float mean = sum / {Int(width)};");
            w.Line("float squareSum = 0;");
            using (w.Block($"for (nuint i = 0; i < {Int(width)}; i++)"))
            {
                w.Line("float centred = Unsafe.Add(ref input, i) - mean;");
                w.Line("squareSum += centred * centred;");
            }

            w.Line($"float inverse = 1f / MathF.Sqrt(squareSum / {Int(width)} + {Float(eps)});");
            using (w.Block($"for (nuint i = 0; i < {Int(width)}; i++)"))
            {
                w.Line("Unsafe.Add(ref output, i) = (Unsafe.Add(ref input, i) - mean) * inverse * Unsafe.Add(ref gamma, i) + Unsafe.Add(ref beta, i);");
            }
        }
    }
}
