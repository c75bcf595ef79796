using System.Collections.Generic;
using System.Linq;
using AttnGen.Generator.Emitting.Blocks;
using AttnGen.Generator.Kernels;
using AttnGen.Generator.Layout;
using AttnGen.Generator.Model;
using AttnGen.Generator.Writing;
using static AttnGen.Generator.Writing.SourceWriter;

namespace AttnGen.Generator.Emitting;

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
                List<Phase> phases = Phases(plan, packed: false);
                List<Phase>? packedPhases = plan.Packed ? Phases(plan, packed: true) : null;
                BlockText.EmitState(w, plan.Target, ScratchBuffers(plan), phases.ConvertAll(phase => phase.Name), packedPhases?.ConvertAll(phase => phase.Name));
                EmitPhaseState(w, plan);
                w.Line();
                plan.Signature.Emit(w);
                w.Line();
                EmitForwardItem(w, plan);
                if (plan.Packed)
                {
                    w.Line();
                    PackedForward.Emit(w, plan.Signature.Attention,
                        plan.Signature.Attention.Has(AttentionMask.Explicit) ? w => w.Line("mask.CopyTo(_scratch.Mask.Span);") : null, EmitPackedChunk);
                }

                if (plan.Decoding)
                {
                    w.Line();
                    DecoderLayerDecoding.EmitMembers(w, plan);
                }

                // A phase that does not depend on how the rows are packed serves both lists; it is emitted once.
                foreach (Phase phase in phases.Concat(packedPhases ?? []).GroupBy(phase => phase.Name).Select(group => group.First()))
                {
                    w.Line();
                    w.Summary(phase.Summary);
                    using (w.Block($"private void {phase.Name}(int part)"))
                    {
                        phase.Body(w);
                    }
                }
            }
        }

        w.Line();
        using (FileText.OpenKernels(w))
        {
            foreach (AttentionLayout attention in plan.Attentions)
            {
                AttentionBlock.EmitKernels(w, attention, withWeights: false);
                w.Line();
            }

            FeedForwardBlock.EmitKernels(w, plan.FeedForward, FileText.Cref(plan.Target));
            w.Line();
            norms.Emit(w, FileText.Cref(plan.Target));
            if (plan.Decoding)
            {
                w.Line();
                DecoderLayerDecoding.EmitKernels(w, plan);
            }
        }

        return w.ToString();
    }

    private static IEnumerable<ScratchBuffer> ScratchBuffers(LayerPlan plan)
    {
        int rows = plan.SeqLen, d = plan.DModel;
        var buffers = new List<ScratchBuffer> { new("Input", rows * d, $"[{rows}, {d}] the batch item's x") };
        buffers.AddRange(plan.Signature.Inputs.Select(input => input.LayerState.Buffer).OfType<ScratchBuffer>());
        buffers.AddRange(plan.Attentions.SelectMany(AttentionBlock.ScratchBuffers));
        buffers.AddRange(FeedForwardBlock.ScratchBuffers(plan.FeedForward));
        buffers.Add(new("Sublayer", rows * plan.SublayerStride, $"[{rows}, {plan.SublayerStride}] one sub-layer's output"));
        buffers.Add(new("State", rows * d, $"[{rows}, {d}] the residual stream between sub-layers"));
        if (plan.NormFirst)
        {
            buffers.Add(new("Normed", rows * d, $"[{rows}, {d}] a sub-layer's normalised input"));
        }

        buffers.Add(new("Output", rows * d, $"[{rows}, {d}] the batch item's y"));
        if (plan.Decoding)
        {
            buffers.AddRange(DecoderLayerDecoding.ScratchBuffers(plan));
        }

        return buffers;
    }

    private static void EmitWeights(SourceWriter w, LayerPlan plan) =>
        BlockText.EmitWeightsClass(w, new WeightsClass(
            "The layer's parameters, packed once into the panels its kernels stream (query scale 1/√HeadDim folded in).",
            plan.ParametersType,
            "p.DModel != DModel || p.Hidden != Hidden",
            $"Parameters have DModel {{p.DModel}} and Hidden {{p.Hidden}}; this layer declares DModel {plan.DModel} and Hidden {plan.Hidden}.",
            w =>
            {
                foreach (AttentionLayout attention in plan.Attentions)
                {
                    AttentionBlock.EmitWeightFields(w, attention);
                }

                FeedForwardBlock.EmitWeightFields(w, plan.FeedForward);
                for (int i = 1; i <= plan.SublayerCount; i++)
                {
                    w.Line($"internal readonly {TypeNames.AlignedBuffer} Norm{i}Weight, Norm{i}Bias; // [{plan.DModel}] each");
                }
            },
            w =>
            {
                for (int i = 0; i < plan.Attentions.Length; i++)
                {
                    AttentionBlock.EmitPacking(w, plan.Attentions[i], "p." + plan.AttentionParameters[i]);
                }

                FeedForwardBlock.EmitPacking(w, plan.FeedForward, "p.FeedForward");
                for (int i = 1; i <= plan.SublayerCount; i++)
                {
                    w.Line($"Norm{i}Weight = {TypeNames.WeightPacking}.PadTo(p.Norm{i}.Weight, DModel);");
                    w.Line($"Norm{i}Bias = {TypeNames.WeightPacking}.PadTo(p.Norm{i}.Bias, DModel);");
                }
            },
            plan.LoadNames, plan.Load, $"global::AttnGen.{plan.ParametersType}.Random(DModel, Hidden, seed)"));

    /// <summary>
    /// One batch item: its inputs are copied into scratch (the phases, which may run on other threads, cannot hold
    /// spans), every phase runs, and the result is copied out.
    /// </summary>
    private static void EmitForwardItem(SourceWriter w, LayerPlan plan)
    {
        string order = plan.NormFirst ? "x + f(LayerNorm(x))" : "LayerNorm(x + f(x))";
        w.Summary($"One batch item through every sub-layer, each as {order}.");
        using (w.Block($"private void ForwardItem({plan.Signature.ItemParameters})"))
        {
            w.Line("x.CopyTo(_scratch.Input.Span);");
            foreach (AttentionInput input in plan.Signature.Inputs)
            {
                w.Line(input.LayerState.Statement);
            }

            w.Line("_rows = SeqLen;");
            w.Line("RunPhases(_phases);");
            w.Line("_scratch.Output.Span.CopyTo(y);");
        }
    }

    /// <summary>The fields the phases read besides scratch: the rows in play, and the key length or packed lengths.</summary>
    private static void EmitPhaseState(SourceWriter w, LayerPlan plan)
    {
        w.Line();
        w.Summary("The rows the phases work on: SeqLen for a batch item, a chunk's rows for packed sequences.");
        w.Line("private int _rows;");
        foreach (string[] field in plan.Signature.Inputs.Select(input => input.LayerState.Field).OfType<string[]>())
        {
            w.Line();
            foreach (string line in field)
            {
                w.Line(line);
            }
        }

        if (plan.Packed)
        {
            w.Line();
            w.Summary("The lengths of the packed sequences in the chunk the phases run on: at most SeqLen of them.");
            w.Line("private readonly int[] _chunkLengths = new int[SeqLen];");
            w.Line("private int _chunkCount;");
        }
    }

    /// <summary>
    /// One chunk of packed sequences (see <see cref="PackedForward"/>): its lengths and rows into the instance's state,
    /// then every packed phase, as for a batch item.
    /// </summary>
    private static void EmitPackedChunk(SourceWriter w)
    {
        w.Line("lengths[first..end].CopyTo(_chunkLengths);");
        w.Line("_chunkCount = end - first;");
        w.Line("_rows = rows;");
        w.Line("tokens.Slice(chunkRow * DModel, rows * DModel).CopyTo(_scratch.Input.Span);");
        w.Line("RunPhases(_packedPhases);");
        w.Line("_scratch.Output.Span.Slice(0, rows * DModel).CopyTo(y.Slice(chunkRow * DModel, rows * DModel));");
    }

    /// <summary>One step of a batch item that a team can split: a method <c>void Name(int part)</c>.</summary>
    private sealed record Phase(string Name, string Summary, System.Action<SourceWriter> Body);

    /// <summary>
    /// The steps of one batch item (or one chunk of <paramref name="packed"/> sequences), each split only over
    /// independent outputs: weight panels for the products, heads for attention, rows for the norms. A step needs every
    /// output of the one before, so a team runs them one at a time. Packed, the products take the chunk's row count and
    /// the heads run sequence by sequence; those phases' names start with <c>Packed</c>.
    /// </summary>
    private static List<Phase> Phases(LayerPlan plan, bool packed)
    {
        string? packedRows = packed ? "(nuint)_rows" : null;
        string packedName = packed ? "Packed" : "";
        var phases = new List<Phase>();
        string Start(string buffer) => $"_scratch.{buffer}.Start";
        // The first row of this part's share (see EmitRows) in a buffer whose rows are DModel or a sub-layer output apart.
        string Row(string buffer) => $"{TypeNames.Unsafe}.Add(ref {Start(buffer)}, first * {Int(plan.DModel)})";
        string sublayerRow = $"{TypeNames.Unsafe}.Add(ref {Start("Sublayer")}, first * {Int(plan.SublayerStride)})";
        for (int i = 0; i < plan.SublayerCount; i++)
        {
            int norm = i + 1;
            (string residual, string input, string target) = plan.SublayerBuffers(i);
            if (plan.NormFirst)
            {
                phases.Add(new($"Norm{norm}", $"Sub-layer {norm}'s input: Normed = LayerNorm{norm}({residual}), a share of the rows.",
                    w => EmitRows(w, LayerPlan.NormStatement(norm, Row(residual), Row("Normed"), "count"))));
            }

            if (i < plan.Attentions.Length)
            {
                AttentionLayout attention = plan.Attentions[i];
                string p = attention.Prefix;
                phases.Add(new($"{packedName}{p}Projections", $"Sub-layer {norm}, {SublayerName(plan, i)}: a share of the projections' weight panels.",
                    w => AttentionBlock.EmitProjections(w, attention, Start(input), Start("Memory"), "part", "_parts", packedRows)));
                phases.Add(new($"{packedName}{p}Heads", packed
                        ? $"Sub-layer {norm}: a share of the heads of every packed sequence, each in this part's own buffers."
                        : $"Sub-layer {norm}: a share of the heads, each in this part's own buffers.",
                    w =>
                    {
                        w.Line($"(int firstHead, int endHead) = {TypeNames.WorkerTeam}.Share(Heads, part, _parts);");
                        if (packed)
                        {
                            AttentionBlock.EmitPackedHeads(w, attention, "_chunkLengths", "_chunkCount", "firstHead", "endHead", "part", Start("Mask"));
                        }
                        else
                        {
                            AttentionBlock.EmitHeads(w, attention, "firstHead", "endHead", "part", HeadRows.Whole(attention), "_keyLength", Start("Mask"), withWeights: false);
                        }
                    }));
                phases.Add(new($"{packedName}{p}Output", $"Sub-layer {norm}: a share of the output projection's panels, into Sublayer.",
                    w => AttentionBlock.EmitOutputProjection(w, attention, Start("Sublayer"), "part", "_parts", packedRows)));
            }
            else
            {
                phases.Add(new($"{packedName}FeedForwardHidden", $"Sub-layer {norm}, feed-forward: a share of the hidden layer's panels.",
                    w => FeedForwardBlock.EmitHiddenProjection(w, plan.FeedForward, Start(input), "part", "_parts", packedRows)));
                phases.Add(new($"{packedName}FeedForwardOutput", $"Sub-layer {norm}: a share of the feed-forward output's panels, into Sublayer.",
                    w => FeedForwardBlock.EmitOutputProjection(w, plan.FeedForward, Start("Sublayer"), "part", "_parts", packedRows)));
            }

            phases.Add(new(plan.NormFirst ? $"AddResidual{norm}" : $"AddNorm{norm}",
                plan.NormFirst ? $"{target} = {residual} + Sublayer, a share of the rows." : $"{target} = LayerNorm{norm}({residual} + Sublayer), a share of the rows.",
                w => EmitRows(w, plan.CloseStatement(norm, Row(residual), sublayerRow, Row(target), "count"))));
        }

        return phases;
    }

    /// <summary>A row-wise step over this part's share of the rows in play, <c>first</c> up to <c>first + count</c>.</summary>
    private static void EmitRows(SourceWriter w, string call)
    {
        w.Line($"(int first, int end) = {TypeNames.WorkerTeam}.Share(_rows, part, _parts);");
        w.Line("nuint count = (nuint)(end - first);");
        w.Line(call);
    }

    private static string SublayerName(LayerPlan plan, int index) =>
        index < plan.Attentions.Length
            ? (plan.Attentions[index].Spec.IsCrossAttention ? "cross-attention over memory" : $"self-attention, mask {plan.Attentions[index].Spec.Mask}")
            : $"feed-forward, {plan.FeedForward.Activation}";
}
