using AttnGen.Generator.Kernels;
using AttnGen.Generator.Model;
using static AttnGen.Generator.Emitting.SourceWriter;

namespace AttnGen.Generator.Emitting;

internal static partial class AttentionEmitter
{
    private static void EmitWeights(SourceWriter w, AttentionLayout l)
    {
        AttentionSpec s = l.Spec;
        w.Line("/// <summary>");
        w.Line("/// The block's parameters, packed once into the panels its kernels stream (query scale 1/√HeadDim folded in).");
        w.Line("/// Immutable after construction and safe to share between threads and instances.");
        w.Line("/// </summary>");
        using (w.Block("public sealed class Weights"))
        {
            GemmShape[] products = l.KeyValueProjection is { } kv
                ? [l.QueryProjection, kv, l.OutputProjection]
                : [l.QueryProjection, l.OutputProjection];
            foreach (GemmShape g in products)
            {
                w.Line($"internal readonly global::AttnGen.AlignedBuffer {g.Operand}Panels; // {g.RowStride} outputs × {g.K} inputs, in panels");
                w.Line($"internal readonly global::AttnGen.AlignedBuffer {g.Operand}Bias; // [{g.RowStride}]");
            }

            w.Line();
            EmitWeightsConstructor(w, l);
            w.Line();
            w.Line("/// <summary>");
            w.Line("/// Loads the block from PyTorch (<c>in_proj_weight</c>, <c>q_proj_weight</c>…, <c>out_proj.*</c>) or HuggingFace BERT");
            w.Line("/// (<c>attention.self.query.*</c>…, <c>attention.output.dense.*</c>) names under <paramref name=\"prefix\"/>.");
            w.Line("/// </summary>");
            w.Line("/// <exception cref=\"global::System.IO.InvalidDataException\">Tensors are missing or mis-shaped; the message lists every one.</exception>");
            w.Line("public static Weights Load(global::AttnGen.IWeightSource source, string prefix = \"\") =>");
            w.Line($"    new(global::AttnGen.AttentionWeightNames.Load(source, prefix, DModel, bias: {Bool(s.Bias)}));");
            w.Line();
            w.Line("/// <summary>Seeded random weights (see <see cref=\"global::AttnGen.AttentionParameters.Random\"/>) for demos and tests.</summary>");
            w.Line($"public static Weights Random(int seed) => new(global::AttnGen.AttentionParameters.Random(DModel, bias: {Bool(s.Bias)}, seed));");
            w.Line();
            w.Line("/// <summary>Packs parameters already in memory, such as ones built in code.</summary>");
            w.Line("/// <exception cref=\"global::System.ArgumentException\">The parameters' width or bias presence differs from the declaration.</exception>");
            w.Line("public static Weights From(global::AttnGen.AttentionParameters parameters) => new(parameters);");
        }
    }

    private static void EmitWeightsConstructor(SourceWriter w, AttentionLayout l)
    {
        AttentionSpec s = l.Spec;
        GemmShape q = l.QueryProjection, o = l.OutputProjection;
        using (w.Block("private Weights(global::AttnGen.AttentionParameters p)"))
        {
            w.Line("global::System.ArgumentNullException.ThrowIfNull(p);");
            using (w.Block($"if (p.DModel != DModel || p.HasBias != {Bool(s.Bias)})"))
            {
                w.Line($"throw new global::System.ArgumentException($\"Parameters have DModel {{p.DModel}} and HasBias {{p.HasBias}}; this block declares DModel {s.DModel} and Bias {Bool(s.Bias)}.\", nameof(p));");
            }

            w.Line($"float scale = {Float(l.Scale)}; // 1/√{l.HeadDim}, folded into the query projection");
            w.Line("float[] queryWeight = global::AttnGen.WeightPacking.Scaled(p.QueryWeight, scale);");
            // Biases are known to be present (or absent) from the check above, so only one form is emitted.
            string IfBias(string expression) => s.Bias ? expression : "[]";
            if (s.Bias)
            {
                w.Line("float[] queryBias = global::AttnGen.WeightPacking.Scaled(p.QueryBias!, scale);");
            }

            if (l.KeyValueProjection is { } kv)
            {
                Pack(w, q, "queryWeight", IfBias("queryBias"));
                Pack(w, kv, "global::AttnGen.WeightPacking.Concat(p.KeyWeight, p.ValueWeight)",
                    IfBias("global::AttnGen.WeightPacking.Concat(p.KeyBias!, p.ValueBias!)"));
            }
            else
            {
                Pack(w, q, "global::AttnGen.WeightPacking.Concat(queryWeight, p.KeyWeight, p.ValueWeight)",
                    IfBias("global::AttnGen.WeightPacking.Concat(queryBias, p.KeyBias!, p.ValueBias!)"));
            }

            string outputWeight = l.HeadDimPadded == l.HeadDim
                ? "p.OutputWeight"
                : $"global::AttnGen.WeightPacking.PadColumnGroups(p.OutputWeight, {Int(s.DModel)}, {Int(s.Heads)}, {Int(l.HeadDim)}, {Int(l.HeadDimPadded)})";
            if (l.HeadDimPadded != l.HeadDim)
            {
                w.Line($"// Each head's {l.HeadDim} context columns sit in {l.HeadDimPadded}-wide slots; the slots' padding reads zero weights.");
            }

            Pack(w, o, outputWeight, IfBias("p.OutputBias!"));
        }
    }

    private static void Pack(SourceWriter w, GemmShape g, string weight, string bias)
    {
        w.Line($"{g.Operand}Panels = global::AttnGen.WeightPacking.PackPanels({weight}, {Int(g.N)}, {Int(g.K)}, {Int(GemmShape.PanelWidth)});");
        w.Line($"{g.Operand}Bias = global::AttnGen.WeightPacking.PadTo({bias}, {Int(g.RowStride)});");
    }

    private static string Bool(bool value) => value ? "true" : "false";
}
