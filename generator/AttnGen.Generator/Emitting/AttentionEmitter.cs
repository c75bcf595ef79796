using System.Collections.Generic;
using System.Linq;
using AttnGen.Generator.Emitting.Blocks;
using AttnGen.Generator.Layout;
using AttnGen.Generator.Model;
using AttnGen.Generator.Writing;
using static AttnGen.Generator.Writing.SourceWriter;

namespace AttnGen.Generator.Emitting;

/// <summary>
/// Emits the source file for one <c>[MultiHeadAttention]</c> class: constants, <c>Weights</c>, constructor,
/// <c>Forward</c> (in <c>AttentionEmitter.Forward.cs</c>), and the attention's kernels.
/// </summary>
internal static partial class AttentionEmitter
{
    public static string Emit(AttentionSpec spec)
    {
        // Packed sequences are self-attention's: a sequence's keys are its own tokens.
        var layout = new AttentionLayout(spec, packed: !spec.IsCrossAttention);
        var w = new SourceWriter();
        FileText.Header(w);
        using (FileText.OpenTarget(w, spec.Target))
        {
            string kind = spec.IsCrossAttention ? $"cross-attention over {spec.KvSeqLen} memory positions" : "self-attention";
            BlockText.ClassHeader(w,
                $"Multi-head {kind}: {spec.Heads} heads × {layout.HeadDim} dimensions = DModel {spec.DModel}, {spec.SeqLen} query positions,",
                $"mask {spec.Mask}, {(spec.Bias ? "with" : "without")} biases.");
            using (w.Block($"partial {spec.Target.Keyword} {spec.Target.Name}"))
            {
                EmitConstants(w, layout);
                w.Line();
                EmitWeights(w, layout);
                w.Line();
                BlockText.EmitState(w, spec.Target, ScratchBuffers(layout));
                w.Line();
                EmitForward(w, layout);
                w.Line();
                EmitForwardItem(w, layout);
                w.Line();
                AttentionBlock.EmitAttend(w, layout);
                if (layout.Packed)
                {
                    w.Line();
                    PackedForward.Emit(w, spec, w => EmitPackedStarts(w, layout), w => EmitPackedChunk(w, layout));
                    w.Line();
                    AttentionBlock.EmitAttendPacked(w, layout);
                }
            }
        }

        w.Line();
        using (FileText.OpenKernels(w))
        {
            AttentionBlock.EmitKernels(w, layout, withWeights: true);
        }

        return w.ToString();
    }

    private static void EmitConstants(SourceWriter w, AttentionLayout l)
    {
        AttentionSpec s = l.Spec;
        BlockText.Constant(w, "DModel", s.DModel, "Model width: floats per token.");
        BlockText.Constant(w, "Heads", s.Heads, "Number of attention heads.");
        BlockText.Constant(w, "HeadDim", l.HeadDim, "Dimensions per head: DModel / Heads.");
        BlockText.Constant(w, "SeqLen", s.SeqLen, "Query positions per batch item.");
        BlockText.Constant(w, "KvSeqLen", s.KvSeqLen, s.IsCrossAttention
            ? "Key/value positions per batch item: the length of one memory sample."
            : "Key/value positions per batch item; equal to SeqLen in self-attention, the longest sequence ForwardPacked takes.");
    }

    private static void EmitWeights(SourceWriter w, AttentionLayout l)
    {
        AttentionSpec s = l.Spec;
        string bias = BlockText.Bool(s.Bias);
        BlockText.EmitWeightsClass(w, new WeightsClass(
            "The block's parameters, packed once into the panels its kernels stream (query scale 1/√HeadDim folded in).",
            "AttentionParameters",
            $"p.DModel != DModel || p.HasBias != {bias}",
            $"Parameters have DModel {{p.DModel}} and HasBias {{p.HasBias}}; this block declares DModel {s.DModel} and Bias {bias}.",
            w => AttentionBlock.EmitWeightFields(w, l),
            w => AttentionBlock.EmitPacking(w, l, "p"),
            "PyTorch (<c>in_proj_weight</c>, <c>q_proj_weight</c>…, <c>out_proj.*</c>) or HuggingFace BERT (<c>attention.self.query.*</c>…) names",
            $"{TypeNames.Runtime}.AttentionWeightNames.Load(source, prefix, DModel, bias: {bias}, allowUnused, allowNonFinite)",
            $"{TypeNames.Runtime}.AttentionParameters.Random(DModel, bias: {bias}, seed)"));
    }

    private static IEnumerable<ScratchBuffer> ScratchBuffers(AttentionLayout l)
    {
        IEnumerable<ScratchBuffer> buffers = AttentionBlock.ScratchBuffers(l);
        GemmShape o = l.OutputProjection;
        return l.OutputNeedsCopy
            ? buffers.Append(new ScratchBuffer("Output", o.M * o.RowStride, $"[{o.M}, {o.RowStride}] y before trimming rows to {l.Spec.DModel}"))
            : buffers;
    }
}
