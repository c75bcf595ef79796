using System;
using System.Globalization;
using AttnGen.Generator.Layout;
using AttnGen.Generator.Model;
using AttnGen.Generator.Writing;
using static AttnGen.Generator.Writing.SourceWriter;

namespace AttnGen.Generator.Emitting;

/// <summary>
/// Emits a <c>[SinusoidalPositionalEncoding]</c> class: the table computed here, in double precision and rounded once to
/// float, baked in as constant data, and <c>AddTo</c> methods that add its rows.
/// </summary>
internal static class PositionalEncodingEmitter
{
    private const int ValuesPerLine = 8;

    /// <summary>PE[p, 2i] = sin(p / 10000^(2i/D)), PE[p, 2i+1] = cos(p / 10000^(2i/D)).</summary>
    public static float Value(int position, int column, int dModel)
    {
        double angle = position / Math.Pow(10000.0, (column - column % 2) / (double)dModel);
        return (float)(column % 2 == 0 ? Math.Sin(angle) : Math.Cos(angle));
    }

    public static string Emit(PositionalEncodingSpec s)
    {
        var w = new SourceWriter();
        FileText.Header(w);
        using (FileText.OpenTarget(w, s.Target))
        {
            BlockText.ClassHeader(w, $"Sinusoidal positional encoding: {s.MaxLength} positions × DModel {s.DModel}, computed at compile time.");
            using (w.Block($"partial {s.Target.Keyword} {s.Target.Name}"))
            {
                BlockText.Constant(w, "MaxLength", s.MaxLength, "Rows of the table: the longest sequence it encodes.");
                BlockText.Constant(w, "DModel", s.DModel, "Model width: columns of the table.");
                w.Line();
                EmitTable(w, s);
                w.Line();
                EmitAddTo(w, s);
            }
        }

        return w.ToString();
    }

    private static void EmitTable(SourceWriter w, PositionalEncodingSpec s)
    {
        w.Summary(
            $"The encoding, <c>[MaxLength {s.MaxLength}, DModel {s.DModel}]</c> row-major: <c>PE[p, 2i] = sin(p / 10000^(2i/DModel))</c>,",
            "<c>PE[p, 2i+1] = cos(p / 10000^(2i/DModel))</c>, computed in double precision and rounded once to float.",
            "Reading it allocates nothing.");
        w.Line($"public static {TypeNames.ReadOnlySpan}<float> Table => TableValues;");
        w.Line();
        // A static array rather than a span over the assembly's data: that form allocates on every read in unoptimised
        // (Debug) code, where RuntimeHelpers.CreateSpan is a call instead of a JIT intrinsic.
        w.Summary("The table's values, copied once from the assembly's constant data when the class is first used.");
        w.Line("private static readonly float[] TableValues =");
        w.Line("{");
        for (int position = 0; position < s.MaxLength; position++)
        {
            w.Line($"    // position {Int(position)}");
            for (int start = 0; start < s.DModel; start += ValuesPerLine)
            {
                var line = new System.Text.StringBuilder("    ");
                for (int column = start; column < Math.Min(start + ValuesPerLine, s.DModel); column++)
                {
                    line.Append(Float(Value(position, column, s.DModel))).Append(", ");
                }

                w.Line(line.ToString().TrimEnd());
            }
        }

        w.Line("};");
    }

    private static void EmitAddTo(SourceWriter w, PositionalEncodingSpec s)
    {
        w.Summary("Adds the encoding to one sequence: row p of <paramref name=\"x\"/> gets <c>Table</c> row p.");
        w.Param("x", $"One sequence, <c>[length, DModel {s.DModel}]</c> with length ≤ MaxLength {s.MaxLength}; updated in place.");
        w.Line($"/// <exception cref=\"{TypeNames.ArgumentException}\">The length is not whole rows, or more rows than the table holds.</exception>");
        using (w.Block($"public static void AddTo({TypeNames.Span}<float> x)"))
        {
            w.Line($"int length = {TypeNames.Shapes}.BatchCount(x.Length, DModel, nameof(x), \"[DModel {s.DModel}]\");");
            w.Line($"{TypeNames.Shapes}.RequireAtMost(length, MaxLength, nameof(x), \"positions (rows of DModel {s.DModel})\");");
            w.Line("AddRows(x);");
        }

        w.Line();
        w.Summary("Adds the encoding to every sequence of a batch: position p of each gets <c>Table</c> row p.");
        w.Param("x", $"A batch, <c>[batch, sequenceLength, DModel {s.DModel}]</c>; updated in place.");
        w.Param("sequenceLength", $"Positions per sequence, 0…MaxLength {s.MaxLength}.");
        w.Line($"/// <exception cref=\"{TypeNames.ArgumentException}\">The length is not whole sequences, or a sequence is longer than the table.</exception>");
        using (w.Block($"public static void AddTo({TypeNames.Span}<float> x, int sequenceLength)"))
        {
            w.Line($"{TypeNames.Shapes}.RequireAtMost(sequenceLength, MaxLength, nameof(sequenceLength), \"positions\");");
            w.Line($"{TypeNames.ArgumentOutOfRangeException}.ThrowIfNegative(sequenceLength);");
            w.Line("int sequenceFloats = sequenceLength * DModel;");
            using (w.Block("if (sequenceFloats == 0)"))
            {
                w.Line($"{TypeNames.Shapes}.RequireLength(x.Length, 0, nameof(x), \"no floats for sequences of length 0\");");
                w.Line("return;");
            }

            // A constant message: an interpolated one would allocate on every call, not just on failure.
            w.Line($"int batch = {TypeNames.Shapes}.BatchCount(x.Length, sequenceFloats, nameof(x), \"[sequenceLength, DModel {s.DModel}]\");");
            using (w.Block("for (int item = 0; item < batch; item++)"))
            {
                w.Line("AddRows(x.Slice(item * sequenceFloats, sequenceFloats));");
            }
        }

        w.Line();
        w.Summary("x[i] += Table[i] over x's length, in whole vectors and a scalar tail.");
        using (w.Block($"private static void AddRows({TypeNames.Span}<float> x)"))
        {
            w.Line($"{TypeNames.ReadOnlySpan}<float> table = Table;");
            w.Line("int i = 0;");
            // In the widest row form's vectors where accelerated, then the narrower, then a float at a time: additions give
            // the same floats on every path.
            // Bounded as i <= x.Length - lanes, which cannot overflow however long x is.
            KernelText.FormLoops(w, TileForm.RowForms,
                form => $"for (; i <= x.Length - {TypeNames.Intrinsics}.{form.VectorType}<float>.Count; i += {TypeNames.Intrinsics}.{form.VectorType}<float>.Count)",
                form =>
                {
                    string vector = $"{TypeNames.Intrinsics}.{form.VectorType}";
                    w.Line($"{TypeNames.Span}<float> slice = x.Slice(i);");
                    // Called as a static method: extension syntax would need a using in the user's namespace.
                    w.Line($"{vector}.CopyTo({vector}.Create<float>(slice) + {vector}.Create<float>(table.Slice(i)), slice);");
                },
                qualifier: TypeNames.Intrinsics + ".");

            using (w.Block("for (; i < x.Length; i++)"))
            {
                w.Line("x[i] += table[i];");
            }
        }
    }
}
