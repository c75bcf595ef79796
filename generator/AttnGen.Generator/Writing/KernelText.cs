using System;
using System.Collections.Generic;
using System.Linq;
using AttnGen.Generator.Layout;
using static AttnGen.Generator.Writing.SourceWriter;

namespace AttnGen.Generator.Writing;

/// <summary>Text every kernel shares.</summary>
internal static class KernelText
{
    /// <summary>
    /// Kernels are never inlined (so no call keeps their vectors live across it, which makes the JIT spill
    /// accumulators) and skip tier-0 (so the first calls already run optimised code).
    /// </summary>
    public const string HotMethod =
        "[MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]";

    /// <summary>
    /// A method <paramref name="name"/> that passes its call on to the first of <paramref name="forms"/> (by default
    /// every <see cref="TileForm"/>) the machine runs (<c>{name}512</c>, <c>{name}256</c>, <c>{name}128</c>), else to
    /// <c>{name}Scalar</c>; it is inlined into its callers.
    /// </summary>
    public static void FormDispatch(SourceWriter w, string name, string parameters, string arguments, IEnumerable<TileForm>? forms = null)
    {
        w.Line("[MethodImpl(MethodImplOptions.AggressiveInlining)]");
        using (w.Block($"internal static void {name}({parameters})"))
        {
            // The conditions are JIT-time constants: only the chosen call remains.
            string keyword = "if";
            foreach (TileForm form in forms ?? TileForm.All)
            {
                using (w.Block($"{keyword} ({form.Condition})"))
                {
                    w.Line($"{name}{form.Suffix}({arguments});");
                }

                keyword = "else if";
            }

            using (w.Block("else"))
            {
                w.Line($"{name}Scalar({arguments});");
            }
        }
    }

    /// <summary>
    /// Sends the call to the scalar form where no vector form is hardware-accelerated. The condition is a JIT-time
    /// constant, so on accelerated machines the branch and its call vanish from the compiled kernel.
    /// </summary>
    public static void FallbackDispatch(SourceWriter w, string scalarCall)
    {
        using (w.Block($"if (!{TileForm.Fallback.Condition})"))
        {
            w.Line(scalarCall);
            w.Line("return;");
        }

        w.Line();
    }

    /// <summary>
    /// The one way generated code chooses a vector form for a loop: for each of <paramref name="forms"/>, widest first,
    /// <c>if (accelerated) loop</c>, each loop taking what the wider ones left. The conditions are JIT-time constants,
    /// so only the loops the machine runs are compiled.
    /// </summary>
    /// <param name="loop">The form's loop header, such as <c>for (; i + 8 &lt;= count; i += 8)</c>.</param>
    /// <param name="body">Writes the loop's body for one vector of the form.</param>
    /// <param name="qualifier">Put before each condition: the namespace, where the file has no using for it.</param>
    public static void FormLoops(SourceWriter w, IEnumerable<TileForm> forms, Func<TileForm, string> loop, Action<TileForm> body, string qualifier = "")
    {
        foreach (TileForm form in forms)
        {
            using (w.Block($"if ({qualifier}{form.Condition})"))
            using (w.Block(loop(form)))
            {
                body(form);
            }
        }
    }

    /// <summary>
    /// An element-wise loop over <c>i</c> (declared by the caller) up to <paramref name="count"/>: the
    /// <see cref="FormLoops"/> of <paramref name="forms"/>, then a float at a time where <paramref name="scalarBody"/>
    /// is given.
    /// </summary>
    /// <param name="vectorBody">The body for one vector of the given form, at <c>i</c>.</param>
    public static void ElementwiseLoop(SourceWriter w, string count, IEnumerable<TileForm> forms, Func<TileForm, string> vectorBody, string? scalarBody)
    {
        FormLoops(w, forms, form => $"for (; i + {Int(form.LanesPerVector)} <= {count}; i += {Int(form.LanesPerVector)})",
            form => w.Line(vectorBody(form)));
        if (scalarBody is not null)
        {
            using (w.Block($"for (; i < {count}; i++)"))
            {
                w.Line(scalarBody);
            }
        }
    }

    /// <summary>The arguments that pass a method's own <paramref name="parameters"/> on: "ref float a, int b" → "ref a, b".</summary>
    public static string Arguments(string parameters) => string.Join(", ", parameters.Split(',').Select(parameter =>
    {
        string[] words = parameter.Trim().Split(' ');
        return (words[0] == "ref" ? "ref " : "") + words[words.Length - 1];
    }));
}
