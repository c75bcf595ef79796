using System.Collections.Generic;
using System.Linq;
using AttnGen.Generator.Emitting.Blocks;
using AttnGen.Generator.Kernels;
using AttnGen.Generator.Model;
using static AttnGen.Generator.Emitting.SourceWriter;

namespace AttnGen.Generator.Emitting;

/// <summary>
/// Everything an encoder or decoder layer is made of: its attentions and feed-forward block (in order), one LayerNorm
/// per sub-layer, and where the norm sits.
/// </summary>
/// <param name="Summary">Comment lines describing the layer at the top of the class.</param>
/// <param name="ParametersType">The runtime parameters class the <c>Weights</c> are built from.</param>
/// <param name="AttentionParameters">For each attention, the property of <paramref name="ParametersType"/> holding it.</param>
/// <param name="LoadNames">What <c>Weights.Load</c> reads, for its summary.</param>
/// <param name="Load">The runtime call that loads the parameters.</param>
/// <param name="Constants">The shape constants, with their summaries.</param>
internal sealed record LayerPlan(
    TypeTarget Target, int DModel, int Hidden, float Eps, bool NormFirst, string[] Summary,
    AttentionLayout[] Attentions, string[] AttentionParameters, FeedForwardLayout FeedForward, ForwardSignature Signature,
    string ParametersType, string LoadNames, string Load, (string Name, int Value, string Summary)[] Constants)
{
    public int SublayerCount => Attentions.Length + 1;

    public int SeqLen => Signature.Attention.SeqLen;

    public int SublayerStride => Lanes.RoundUp(DModel);
}

/// <summary>
/// Emits a Transformer layer: each sub-layer (the attentions, then the feed-forward block) with its residual
/// connection and LayerNorm, post-norm <c>x = LN(x + f(x))</c> or pre-norm <c>x = x + f(LN(x))</c>.
/// </summary>
internal static class LayerEmitter
{
    public static string Emit(LayerPlan plan)
    {
        var w = new SourceWriter();
        FileText.Header(w);
        var norms = new LayerNormEmitter(plan.DModel, plan.Eps);
        using (FileText.OpenTarget(w, plan.Target))
        {
            BlockText.ClassHeader(w, plan.Summary);
            using (w.Block($"partial {plan.Target.Keyword} {plan.Target.Name}"))
            {
                foreach ((string name, int value, string summary) in plan.Constants)
                {
                    BlockText.Constant(w, name, value, summary);
                }

                BlockText.Constant(w, "HeadDim", plan.Attentions[0].HeadDim, "Dimensions per head: DModel / Heads.");
                w.Line();
                EmitWeights(w, plan);
                w.Line();
                BlockText.EmitState(w, plan.Target, ScratchBuffers(plan));
                w.Line();
                plan.Signature.Emit(w);
                w.Line();
                EmitForwardItem(w, plan);
                foreach (AttentionLayout attention in plan.Attentions)
                {
                    w.Line();
                    AttentionBlock.EmitAttend(w, attention);
                }

                w.Line();
                FeedForwardBlock.EmitMethod(w, plan.FeedForward);
            }
        }

        w.Line();
        using (FileText.OpenKernels(w))
        {
            foreach (AttentionLayout attention in plan.Attentions)
            {
                AttentionBlock.EmitKernels(w, attention);
                w.Line();
            }

            FeedForwardBlock.EmitKernels(w, plan.FeedForward, FileText.Cref(plan.Target));
            w.Line();
            norms.Emit(w, FileText.Cref(plan.Target));
        }

        return w.ToString();
    }

    private static IEnumerable<ScratchBuffer> ScratchBuffers(LayerPlan plan)
    {
        IEnumerable<ScratchBuffer> buffers = plan.Attentions.SelectMany(AttentionBlock.ScratchBuffers)
            .Concat(FeedForwardBlock.ScratchBuffers(plan.FeedForward))
            .Append(new ScratchBuffer("Sublayer", plan.SeqLen * plan.SublayerStride, $"[{plan.SeqLen}, {plan.SublayerStride}] one sub-layer's output"));
        if (plan.SublayerCount > 1)
        {
            buffers = buffers.Append(new ScratchBuffer("State", plan.SeqLen * plan.DModel, $"[{plan.SeqLen}, {plan.DModel}] the residual stream between sub-layers"));
        }

        return plan.NormFirst
            ? buffers.Append(new ScratchBuffer("Normed", plan.SeqLen * plan.DModel, $"[{plan.SeqLen}, {plan.DModel}] a sub-layer's normalised input"))
            : buffers;
    }

    private static void EmitWeights(SourceWriter w, LayerPlan plan)
    {
        w.Line("/// <summary>");
        w.Line("/// The layer's parameters, packed once into the panels its kernels stream (query scale 1/√HeadDim folded in).");
        w.Line("/// Immutable after construction and safe to share between threads and instances.");
        w.Line("/// </summary>");
        using (w.Block("public sealed class Weights"))
        {
            foreach (AttentionLayout attention in plan.Attentions)
            {
                AttentionBlock.EmitWeightFields(w, attention);
            }

            FeedForwardBlock.EmitWeightFields(w, plan.FeedForward);
            for (int i = 1; i <= plan.SublayerCount; i++)
            {
                w.Line($"internal readonly global::AttnGen.AlignedBuffer Norm{i}Weight, Norm{i}Bias; // [{plan.DModel}] each");
            }

            w.Line();
            using (w.Block($"private Weights(global::AttnGen.{plan.ParametersType} p)"))
            {
                w.Line("global::System.ArgumentNullException.ThrowIfNull(p);");
                using (w.Block("if (p.DModel != DModel || p.Hidden != Hidden)"))
                {
                    w.Line($"throw new global::System.ArgumentException($\"Parameters have DModel {{p.DModel}} and Hidden {{p.Hidden}}; this layer declares DModel {plan.DModel} and Hidden {plan.Hidden}.\", nameof(p));");
                }


                for (int i = 0; i < plan.Attentions.Length; i++)
                {
                    AttentionBlock.EmitPacking(w, plan.Attentions[i], "p." + plan.AttentionParameters[i]);
                }

                FeedForwardBlock.EmitPacking(w, plan.FeedForward, "p.FeedForward");
                for (int i = 1; i <= plan.SublayerCount; i++)
                {
                    w.Line($"Norm{i}Weight = global::AttnGen.WeightPacking.PadTo(p.Norm{i}.Weight, DModel);");
                    w.Line($"Norm{i}Bias = global::AttnGen.WeightPacking.PadTo(p.Norm{i}.Bias, DModel);");
                }
            }

            w.Line();
            BlockText.EmitWeightsFactories(w, plan.ParametersType, plan.LoadNames, plan.Load,
                $"global::AttnGen.{plan.ParametersType}.Random(DModel, Hidden, seed)");
        }
    }

    private static void EmitForwardItem(SourceWriter w, LayerPlan plan)
    {
        string order = plan.NormFirst ? "x + f(LayerNorm(x))" : "LayerNorm(x + f(x))";
        w.Line($"/// <summary>One batch item through every sub-layer, each as {order}.</summary>");
        using (w.Block($"private void ForwardItem({plan.Signature.ItemParameters})"))
        {
            w.Line("Weights weights = _weights;");
            w.Line("ref float sublayer = ref _scratch.Sublayer.Start;");
            if (plan.SublayerCount > 1)
            {
                w.Line("ref float state = ref _scratch.State.Start;");
            }

            if (plan.NormFirst)
            {
                w.Line("ref float normed = ref _scratch.Normed.Start;");
            }

            w.Line("ref float input = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(x);");
            w.Line("ref float output = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(y);");
            for (int i = 0; i < plan.SublayerCount; i++)
            {
                bool first = i == 0, last = i == plan.SublayerCount - 1;
                string residual = first ? "input" : "state", target = last ? "output" : "state";
                int norm = i + 1;
                string sublayerInput = plan.NormFirst ? "normed" : residual;
                w.Line();
                w.Line($"// Sub-layer {norm}: {SublayerName(plan, i)}.");
                if (plan.NormFirst)
                {
                    w.Line($"{LayerNormEmitter.Call("Norm")}(ref {residual}, ref weights.Norm{norm}Weight.Start, ref weights.Norm{norm}Bias.Start, ref normed, {Int(plan.SeqLen)});");
                }

                EmitSublayerCall(w, plan, i, sublayerInput);
                w.Line(plan.NormFirst
                    ? $"{LayerNormEmitter.Call("AddResidual")}(ref {residual}, ref sublayer, ref {target}, {Int(plan.SeqLen)});"
                    : $"{LayerNormEmitter.Call("AddNorm")}(ref {residual}, ref sublayer, ref weights.Norm{norm}Weight.Start, ref weights.Norm{norm}Bias.Start, ref {target}, {Int(plan.SeqLen)});");
            }
        }
    }

    private static string SublayerName(LayerPlan plan, int index) =>
        index < plan.Attentions.Length
            ? (plan.Attentions[index].Spec.IsCrossAttention ? "cross-attention over memory" : $"self-attention, mask {plan.Attentions[index].Spec.Mask}")
            : $"feed-forward, {plan.FeedForward.Activation}";

    private static void EmitSublayerCall(SourceWriter w, LayerPlan plan, int index, string input)
    {
        if (index == plan.Attentions.Length)
        {
            w.Line($"{plan.FeedForward.Method}(ref {input}, ref sublayer);");
            return;
        }

        AttentionLayout attention = plan.Attentions[index];
        List<string> arguments = ForwardSignature.AttendInputs(attention.Spec, "ref " + input);
        arguments.Add("ref sublayer");
        arguments.Add("default");
        w.Line($"{attention.AttendMethod}({string.Join(", ", arguments)});");
    }
}
