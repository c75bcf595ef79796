using System.Collections.Generic;
using System.Linq;
using AttnGen.Generator.Emitting.Blocks;
using AttnGen.Generator.Model;
using AttnGen.Generator.Writing;
using static AttnGen.Generator.Writing.SourceWriter;

namespace AttnGen.Generator.Emitting;

/// <summary>The members every generated block class shares: constants, instance state, the <c>Weights</c> factories.</summary>
internal static class BlockText
{
    public static void Constant(SourceWriter w, string name, int value, string summary)
    {
        w.Summary(summary);
        w.Line($"public const int {name} = {Int(value)};");
    }

    /// <summary>The class summary comment and the generated-code attribute.</summary>
    public static void ClassHeader(SourceWriter w, params string[] comments)
    {
        foreach (string comment in comments)
        {
            w.Line("// " + comment);
        }

        w.Line(FileText.GeneratedCodeAttribute);
    }

    /// <summary>The shared weights, the instance's own scratch (when it needs any), and the constructor that ties them.</summary>
    /// <param name="phases">
    /// For a block that can run on a <c>WorkerTeam</c>: the instance methods, each <c>void (int part)</c>, that one batch
    /// item runs through in order; a team runs every phase split into parts. Null for a block that runs on the caller's thread only.
    /// </param>
    /// <param name="packedPhases">Likewise for one chunk of packed sequences, where the block has <c>ForwardPacked</c>.</param>
    public static void EmitState(SourceWriter w, TypeTarget target, IEnumerable<ScratchBuffer> buffers, IReadOnlyList<string>? phases = null,
        IReadOnlyList<string>? packedPhases = null)
    {
        List<ScratchBuffer> scratch = [.. buffers];
        bool perPart = scratch.Exists(buffer => buffer.PerPart);
        w.Line("private readonly Weights _weights;");
        if (scratch.Count > 0)
        {
            w.Line("private readonly Scratch _scratch;");
            w.Line($"private int {CallChecks.BusyField}; // 1 during a call, which owns the scratch (see {TypeNames.Runtime}.SingleCaller)");
        }

        if (phases is not null)
        {
            w.Line($"private readonly {TypeNames.WorkerTeam}? _team;");
            w.Line("private readonly int _parts;");
            w.Line("private readonly global::System.Action<int>[] _phases;");
            if (packedPhases is not null)
            {
                w.Line("private readonly global::System.Action<int>[] _packedPhases;");
            }
        }

        w.Line();
        w.Summary("Creates an instance over shared, immutable <paramref name=\"weights\"/>, with its own scratch memory.");
        w.Line(scratch.Count > 0
            ? "/// <remarks>One instance per thread (a call made while another runs throws); any number of instances may share one <see cref=\"Weights\"/>.</remarks>"
            : "/// <remarks>The instance holds no mutable state, so it may be used from several threads at once.</remarks>");
        if (phases is not null)
        {
            w.Line($"public {target.Name}(Weights weights) : this(weights, null)");
            w.Line("{");
            w.Line("}");
            w.Line();
            w.Summary(
                "Creates an instance whose <c>Forward</c> splits its work over <paramref name=\"team\"/>'s threads: weight panels, heads",
                "and rows, never a sum, so results are bit-identical for any team size. Null runs on the calling thread.");
            w.Line($"/// <remarks>Blocks may share a team if they are called one after another; see <see cref=\"{TypeNames.WorkerTeam}\"/>.</remarks>");
        }

        using (w.Block(phases is null ? $"public {target.Name}(Weights weights)" : $"public {target.Name}(Weights weights, {TypeNames.WorkerTeam}? team)"))
        {
            w.Line($"_weights = weights ?? throw new {TypeNames.ArgumentNullException}(nameof(weights));");
            if (phases is not null)
            {
                w.Line("_team = team;");
                w.Line("_parts = team?.Threads ?? 1;");
                w.Line($"_phases = new global::System.Action<int>[] {{ {string.Join(", ", phases)} }};");
                if (packedPhases is not null)
                {
                    w.Line($"_packedPhases = new global::System.Action<int>[] {{ {string.Join(", ", packedPhases)} }};");
                }
            }

            if (scratch.Count > 0)
            {
                w.Line(perPart ? $"_scratch = new Scratch({(phases is null ? "1" : "_parts")});" : "_scratch = new Scratch();");
            }
        }

        if (phases is not null)
        {
            w.Line();
            w.Summary("Runs every phase in order: on the calling thread, or split over the team.");
            using (w.Block("private void RunPhases(global::System.Action<int>[] phases)"))
            using (w.Block("foreach (global::System.Action<int> phase in phases)"))
            {
                using (w.Block("if (_team is null)"))
                {
                    w.Line("phase(0);");
                }

                using (w.Block("else"))
                {
                    w.Line("_team.Run(phase);");
                }
            }
        }

        if (scratch.Count == 0)
        {
            return;
        }

        w.Line();
        w.Summary("Intermediate buffers, sized by the shape at construction so <c>Forward</c> never allocates.");
        using (w.Block(perPart ? "private sealed class Scratch(int parts)" : "private sealed class Scratch"))
        {
            foreach (ScratchBuffer buffer in scratch)
            {
                w.Line(buffer.PerPart
                    ? $"public readonly {TypeNames.AlignedBuffer}[] {buffer.Field} = {TypeNames.AlignedBuffer}.PerPart(parts, {Int(buffer.Length)}); // {buffer.Shape}, one per part"
                    : $"public readonly {TypeNames.AlignedBuffer} {buffer.Field} = new({Int(buffer.Length)}); // {buffer.Shape}");
            }
        }
    }

    /// <summary>
    /// The nested <c>Weights</c> class every block has: its packed fields, a constructor that checks the parameters'
    /// sizes against the declaration and packs them, and the <c>Load</c>, <c>Random</c> and <c>From</c> factories.
    /// </summary>
    public static void EmitWeightsClass(SourceWriter w, WeightsClass c)
    {
        w.Summary(
            $"{c.Summary}",
            "Immutable after construction and safe to share between threads and instances.");
        using (w.Block("public sealed class Weights"))
        {
            c.Fields(w);
            w.Line();
            using (w.Block($"private Weights(global::AttnGen.{c.ParametersType} p)"))
            {
                w.Line($"{TypeNames.ArgumentNullException}.ThrowIfNull(p);");
                using (w.Block($"if ({c.Mismatch})"))
                {
                    w.Line($"throw new {TypeNames.ArgumentException}({MessageParts(c.MismatchMessage)}, nameof(p));");
                }

                w.Line();
                c.Packing(w);
            }

            w.Line();
            w.Line("/// <summary>");
            w.Line($"/// Loads the block from {c.LoadNames} under <paramref name=\"prefix\"/>.");
            w.Line("/// </summary>");
            w.Param("allowUnused", "Accept tensors under the prefix that the block does not read, which are otherwise errors.");
            w.Param("allowNonFinite", "Accept weights holding NaN or ±∞, which are otherwise errors.");
            w.Line("/// <exception cref=\"global::System.IO.InvalidDataException\">Tensors are missing, mis-shaped, non-finite or unused; the message lists every one.</exception>");
            w.Line($"public static Weights Load({TypeNames.IWeightSource} source, string prefix = \"\", bool allowUnused = false, bool allowNonFinite = false) => new({c.Load});");
            w.Line();
            w.Summary($"Seeded random weights (see <see cref=\"global::AttnGen.{c.ParametersType}.Random\"/>) for demos and tests.");
            w.Line($"public static Weights Random(int seed) => new({c.Random});");
            w.Line();
            w.Summary("Packs parameters already in memory, such as ones built in code.");
            w.Line($"/// <exception cref=\"{TypeNames.ArgumentException}\">The parameters' sizes differ from the declaration.</exception>");
            w.Line($"public static Weights From(global::AttnGen.{c.ParametersType} parameters) => new(parameters);");
        }
    }

    public static string Bool(bool value) => value ? "true" : "false";

    /// <summary>
    /// An interpolated message as C#, split after each <c>"; "</c> and <c>", "</c> into joined strings, so a long message
    /// can break over lines (it is built only when the check fails).
    /// </summary>
    private static string MessageParts(string message) =>
        string.Join(" + ", System.Text.RegularExpressions.Regex.Split(message, "(?<=[;,] )").Select(part => $"$\"{part}\""));
}
