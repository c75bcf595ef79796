using System.Collections.Generic;
using AttnGen.Generator.Model;
using static AttnGen.Generator.Emitting.SourceWriter;

namespace AttnGen.Generator.Emitting;

/// <summary>One scratch buffer of a block instance: its field, its length in floats, and a shape comment.</summary>
internal sealed record ScratchBuffer(string Field, int Length, string Shape);

/// <summary>The members every generated block class shares: constants, instance state, the <c>Weights</c> factories.</summary>
internal static class BlockText
{
    public static void Constant(SourceWriter w, string name, int value, string summary)
    {
        w.Line($"/// <summary>{summary}</summary>");
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
    public static void EmitState(SourceWriter w, TypeTarget target, IEnumerable<ScratchBuffer> buffers)
    {
        List<ScratchBuffer> scratch = [.. buffers];
        w.Line("private readonly Weights _weights;");
        if (scratch.Count > 0)
        {
            w.Line("private readonly Scratch _scratch;");
        }

        w.Line();
        w.Line("/// <summary>Creates an instance over shared, immutable <paramref name=\"weights\"/>, with its own scratch memory.</summary>");
        w.Line(scratch.Count > 0
            ? "/// <remarks>One instance per thread; any number of instances may share one <see cref=\"Weights\"/>.</remarks>"
            : "/// <remarks>The instance holds no mutable state, so it may be used from several threads at once.</remarks>");
        using (w.Block($"public {target.Name}(Weights weights)"))
        {
            w.Line("_weights = weights ?? throw new global::System.ArgumentNullException(nameof(weights));");
            if (scratch.Count > 0)
            {
                w.Line("_scratch = new Scratch();");
            }
        }

        if (scratch.Count == 0)
        {
            return;
        }

        w.Line();
        w.Line("/// <summary>Intermediate buffers, sized by the shape at construction so <c>Forward</c> never allocates.</summary>");
        using (w.Block("private sealed class Scratch"))
        {
            foreach (ScratchBuffer buffer in scratch)
            {
                w.Line($"public readonly global::AttnGen.AlignedBuffer {buffer.Field} = new({Int(buffer.Length)}); // {buffer.Shape}");
            }
        }
    }

    /// <summary><c>Load</c>, <c>Random</c> and <c>From</c>, each building the parameters and handing them to the private constructor.</summary>
    /// <param name="names">What <c>Load</c> reads, for its summary.</param>
    public static void EmitWeightsFactories(SourceWriter w, string parametersType, string names, string load, string random)
    {
        w.Line("/// <summary>");
        w.Line($"/// Loads the block from {names} under <paramref name=\"prefix\"/>.");
        w.Line("/// </summary>");
        w.Line("/// <exception cref=\"global::System.IO.InvalidDataException\">Tensors are missing or mis-shaped; the message lists every one.</exception>");
        w.Line($"public static Weights Load(global::AttnGen.IWeightSource source, string prefix = \"\") => new({load});");
        w.Line();
        w.Line($"/// <summary>Seeded random weights (see <see cref=\"global::AttnGen.{parametersType}.Random\"/>) for demos and tests.</summary>");
        w.Line($"public static Weights Random(int seed) => new({random});");
        w.Line();
        w.Line("/// <summary>Packs parameters already in memory, such as ones built in code.</summary>");
        w.Line("/// <exception cref=\"global::System.ArgumentException\">The parameters' sizes differ from the declaration.</exception>");
        w.Line($"public static Weights From(global::AttnGen.{parametersType} parameters) => new(parameters);");
    }

    public static string Bool(bool value) => value ? "true" : "false";
}
