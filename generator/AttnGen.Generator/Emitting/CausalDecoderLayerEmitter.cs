using System.Collections.Generic;
using System.Globalization;
using AttnGen.Generator.Emitting.Blocks;
using AttnGen.Generator.Kernels;
using AttnGen.Generator.Layout;
using AttnGen.Generator.Model;
using AttnGen.Generator.Writing;
using static AttnGen.Generator.Writing.SourceWriter;

namespace AttnGen.Generator.Emitting;

/// <summary>
/// Emits a <c>[CausalDecoderLayer]</c>: a pre-norm decoder-only layer that decodes with a key/value cache,
/// <c>x = x + Attn(Norm1(x)); x = x + Ffn(Norm2(x))</c>, for one sequence (<c>Forward</c>) or one new token of many
/// (<c>Step</c>).
/// </summary>
/// <remarks>
/// Rows run in chunks of at most <see cref="MaxChunkRows"/>: each chunk's keys and values go into the cache before
/// its queries attend, so a chunk sees the ones before it, and every row's arithmetic is the same however the
/// positions are split between calls.
/// </remarks>
internal static class CausalDecoderLayerEmitter
{
    /// <summary>Rows per chunk: enough for the products to reach full speed, few enough to keep the scratch small.</summary>
    private const int MaxChunkRows = 64;

    public static string Emit(CausalDecoderLayerSpec s)
    {
        int chunkRows = System.Math.Min(MaxChunkRows, s.MaxSeqLen);
        var attention = new CachedAttentionLayout(s.DModel, s.Heads, s.KvHeads, s.MaxSeqLen, s.RotaryTheta, chunkRows);
        var feedForward = new FeedForwardLayout("FeedForward", s.DModel, s.Hidden, s.Activation, s.Bias, chunkRows,
            RowsAtRunTime: true, Gated: s.Ffn == FfnKind.SwiGlu);
        bool rms = s.Norm == NormKind.RmsNorm;
        var w = new SourceWriter();
        FileText.Header(w);
        using (FileText.OpenTarget(w, s.Target))
        {
            BlockText.ClassHeader(w, Summary(s));
            using (w.Block($"partial {s.Target.Keyword} {s.Target.Name}"))
            {
                BlockText.Constant(w, "DModel", s.DModel, "Model width: floats per position.");
                BlockText.Constant(w, "Heads", s.Heads, "Number of query heads.");
                BlockText.Constant(w, "KvHeads", s.KvHeads, "Number of key/value heads; each serves Heads / KvHeads query heads.");
                BlockText.Constant(w, "HeadDim", attention.HeadDim, "Floats per head.");
                BlockText.Constant(w, "Hidden", s.Hidden, "Width of the feed-forward hidden layer.");
                BlockText.Constant(w, "MaxSeqLen", s.MaxSeqLen, "Positions a cache holds.");
                w.Line($"private const int ChunkRows = {Int(chunkRows)};");
                w.Line();
                EmitWeights(w, s, attention, feedForward);
                w.Line();
                var decoding = new CachedDecoding(s.DModel, "MaxSeqLen", s.MaxSeqLen, WithMemory: false);
                decoding.EmitCache(w,
                    $"One sequence's keys and values for this layer: up to MaxSeqLen {s.MaxSeqLen} positions, " +
                    "allocated once and reused (<see cref=\"Cache.Reset\"/> starts a new sequence). A model keeps one per " +
                    "layer and per sequence.",
                    w => EmitCacheStorage(w, s, attention));
                w.Line();
                BlockText.EmitState(w, s.Target, ScratchBuffers(s, attention, feedForward, chunkRows));
                w.Line();
                decoding.EmitForward(w,
                    "Runs the layer on the next positions of one sequence: each attends to every position in " +
                    "<paramref name=\"cache\"/> and, causally, to those before it in <paramref name=\"x\"/>; the " +
                    "cache then holds them too.");
                w.Line();
                decoding.EmitStep(w);
                w.Line();
                EmitRunRows(w, s, attention, rms);
                w.Line();
                CachedHeads.EmitCausalAttend(w, attention, "Attend", "Qkv", "Context", (float)(1 / System.Math.Sqrt(attention.HeadDim)),
                    attention.HasRotary ? Kernel(attention, "RotateRow") : null);
                w.Line();
                FeedForwardBlock.EmitMethod(w, feedForward);
            }
        }

        w.Line();
        using (FileText.OpenKernels(w))
        {
            string owner = FileText.Cref(s.Target);
            CachedAttentionEmitter.Emit(w, attention, owner);
            w.Line();
            FeedForwardBlock.EmitKernels(w, feedForward, owner);
            w.Line();
            new LayerNormEmitter(s.DModel, (float)s.NormEps, rms).Emit(w, owner);
        }

        return w.ToString();
    }

    private static string Summary(CausalDecoderLayerSpec s)
    {
        string eps = s.NormEps.ToString("R", CultureInfo.InvariantCulture);
        string heads = s.KvHeads == s.Heads ? $"{s.Heads} heads" : $"{s.Heads} query heads sharing {s.KvHeads} key/value heads";
        string rotary = s.RotaryTheta > 0 ? $", rotary base {s.RotaryTheta.ToString("R", CultureInfo.InvariantCulture)}" : "";
        string ffn = s.Ffn == FfnKind.SwiGlu ? "SwiGLU" : s.Activation.ToString();
        return $"Causal decoder layer (pre-norm, {s.Norm} eps {eps}): DModel {s.DModel}, {heads}{rotary}, feed-forward {s.Hidden} ({ffn}), cache of {s.MaxSeqLen}.";
    }

    private static void EmitWeights(SourceWriter w, CausalDecoderLayerSpec s, CachedAttentionLayout a, FeedForwardLayout f)
    {
        string bias = BlockText.Bool(s.Bias), qkvBias = BlockText.Bool(s.HasQkvBias);
        string norm = $"{TypeNames.Runtime}.NormKind.{s.Norm}", ffn = $"{TypeNames.Runtime}.FfnKind.{s.Ffn}";
        string shape = $"DModel, Heads, KvHeads, Hidden, {norm}, {ffn}, bias: {bias}, qkvBias: {qkvBias}";
        BlockText.EmitWeightsClass(w, new WeightsClass(
            "The layer's parameters, packed once into the panels its kernels stream.",
            "CausalDecoderLayerParameters",
            $"p.DModel != DModel || p.Heads != Heads || p.KvHeads != KvHeads || p.Hidden != Hidden || p.Norm != {norm} || p.Ffn != {ffn} || p.HasBias != {bias} || p.HasQkvBias != {qkvBias}",
            $"Parameters have DModel {{p.DModel}}, Heads {{p.Heads}}, KvHeads {{p.KvHeads}}, Hidden {{p.Hidden}}, Norm {{p.Norm}}, Ffn {{p.Ffn}}, HasBias {{p.HasBias}} and HasQkvBias {{p.HasQkvBias}}; "
                + $"this layer declares DModel {s.DModel}, Heads {s.Heads}, KvHeads {s.KvHeads}, Hidden {s.Hidden}, Norm {s.Norm}, Ffn {s.Ffn}, Bias {bias} and query/key/value biases {qkvBias}.",
            w => EmitWeightFields(w, s, a, f),
            w => EmitPacking(w, s, a, f),
            "HuggingFace <c>GPT2Block</c> (<c>ln_1.*</c>, <c>attn.c_attn.*</c>…, <c>mlp.c_fc.*</c>) or <c>LlamaDecoderLayer</c> (<c>input_layernorm.*</c>, <c>self_attn.q_proj.*</c>…, <c>mlp.gate_proj.*</c>) names",
            $"{TypeNames.Runtime}.CausalDecoderLayerWeightNames.Load(source, prefix, {shape}, allowUnused, allowNonFinite)",
            $"{TypeNames.Runtime}.CausalDecoderLayerParameters.Random({shape}, seed)"));
    }

    private static void EmitWeightFields(SourceWriter w, CausalDecoderLayerSpec s, CachedAttentionLayout a, FeedForwardLayout f)
    {
        foreach (string norm in new[] { "Norm1", "Norm2" })
        {
            w.Line($"internal readonly {TypeNames.AlignedBuffer} {norm}Weight; // [{s.DModel}]");
            if (s.Norm == NormKind.LayerNorm)
            {
                w.Line($"internal readonly {TypeNames.AlignedBuffer} {norm}Bias; // [{s.DModel}]");
            }
        }

        GemmBlock.EmitWeightFields(w, "", a.Projections);
        GemmBlock.EmitWeightFields(w, "", a.OutputProjection);
        FeedForwardBlock.EmitWeightFields(w, f);
    }

    private static void EmitPacking(SourceWriter w, CausalDecoderLayerSpec s, CachedAttentionLayout a, FeedForwardLayout f)
    {
        string packing = TypeNames.WeightPacking;
        foreach (string norm in new[] { "Norm1", "Norm2" })
        {
            w.Line($"{norm}Weight = {packing}.PadTo(p.{norm}.Weight, {Int(s.DModel)});");
            if (s.Norm == NormKind.LayerNorm)
            {
                w.Line($"{norm}Bias = {packing}.PadTo(p.{norm}.Bias!, {Int(s.DModel)});");
            }
        }

        w.Line("// Queries, keys and values in one product: their weights' rows stacked.");
        GemmBlock.EmitPacking(w, "", a.Projections, $"{packing}.Concat(p.QWeight, p.KWeight, p.VWeight)",
            s.HasQkvBias ? $"{packing}.Concat(p.QBias!, p.KBias!, p.VBias!)" : "[]");
        string outputWeight = "p.OWeight";
        if (a.HeadDimPadded != a.HeadDim)
        {
            w.Line($"// Context heads are {a.HeadDimPadded} wide; the output weight's padding columns are zero, so the padding adds nothing.");
            outputWeight = $"{packing}.PadColumnGroups(p.OWeight, {Int(s.DModel)}, {Int(s.Heads)}, {Int(a.HeadDim)}, {Int(a.HeadDimPadded)})";
        }

        GemmBlock.EmitPacking(w, "", a.OutputProjection, outputWeight, s.Bias ? "p.OBias!" : "[]");
        if (!f.Gated)
        {
            FeedForwardBlock.EmitPacking(w, f, "p.UpWeight", s.Bias ? "p.UpBias!" : "[]", "p.DownWeight", s.Bias ? "p.DownBias!" : "[]");
            return;
        }

        // The gate's rows padded to whole vectors, then the up projection's: one product gives both.
        int padding = f.HiddenStride - f.Hidden;
        string Stack(string gate, string up, int paddingLength) => paddingLength == 0
            ? $"{packing}.Concat({gate}, {up})"
            : $"{packing}.Concat({gate}, new float[{Int(paddingLength)}], {up})";
        w.Line("// Gate and up projections in one product: the gate's rows, padded to whole vectors, then the up projection's.");
        FeedForwardBlock.EmitPacking(w, f,
            Stack("p.GateWeight!", "p.UpWeight", padding * s.DModel), s.Bias ? Stack("p.GateBias!", "p.UpBias!", padding) : "[]",
            "p.DownWeight", s.Bias ? "p.DownBias!" : "[]");
    }

    private static void EmitCacheStorage(SourceWriter w, CausalDecoderLayerSpec s, CachedAttentionLayout a)
    {
        w.Line($"// [KvHeads {s.KvHeads}, MaxSeqLen {s.MaxSeqLen}, {a.HeadDimPadded}]: each head's positions one after another, zero-padded to whole vectors.");
        w.Line($"internal readonly {TypeNames.AlignedBuffer} Keys = new({Int(s.KvHeads * a.CacheHeadStride)});");
        w.Line($"internal readonly {TypeNames.AlignedBuffer} Values = new({Int(s.KvHeads * a.CacheHeadStride)});");
    }

    private static IEnumerable<ScratchBuffer> ScratchBuffers(CausalDecoderLayerSpec s, CachedAttentionLayout a, FeedForwardLayout f, int rows)
    {
        int stride = Lanes.RoundUp(s.DModel);
        return
        [
            new("Residual", rows * s.DModel, $"[{rows}, {s.DModel}] the residual stream"),
            new("Normed", rows * s.DModel, $"[{rows}, {s.DModel}] a norm's output"),
            new("Qkv", rows * a.Projections.RowStride, $"[{rows}, {a.Projections.RowStride}] queries, keys and values"),
            new("Query", a.HeadDimPadded, $"[{a.HeadDimPadded}] one query head, scaled and zero-padded"),
            new("Scores", s.MaxSeqLen, $"[{s.MaxSeqLen}] one query head's scores, then its weights"),
            new("Context", rows * a.ContextWidth, $"[{rows}, {a.ContextWidth}] every head's context"),
            new("Sublayer", rows * stride, $"[{rows}, {stride}] a sub-layer's output"),
            .. FeedForwardBlock.ScratchBuffers(f),
        ];
    }

    private static void EmitRunRows(SourceWriter w, CausalDecoderLayerSpec s, CachedAttentionLayout a, bool rms)
    {
        string Norm(string which) => $"{LayerNormEmitter.Call("Norm")}(ref residual, ref _weights.{which}Weight.Start{(rms ? "" : $", ref _weights.{which}Bias.Start")}, ref normed, n);";
        using (CachedDecoding.OpenRunRows(w))
        {
            w.Line("// x is read once, here, so that y may be x.");
            w.Line("x.CopyTo(_scratch.Residual.Span);");
            w.Line("ref float residual = ref _scratch.Residual.Start;");
            w.Line("ref float normed = ref _scratch.Normed.Start;");
            w.Line("ref float sublayer = ref _scratch.Sublayer.Start;");
            w.Line("nuint n = (nuint)rows;");
            w.Line();
            w.Line($"// x += Attn({(rms ? "RMSNorm" : "LayerNorm")}1(x))");
            w.Line(Norm("Norm1"));
            w.Line($"{Kernel(a, a.Projections.Entry)}(ref normed, ref _weights.{a.Projections.Operand}Panels.Start, ref _weights.{a.Projections.Operand}Bias.Start, ref _scratch.Qkv.Start, n, 0, 1);");
            w.Line("Attend(rows, cache, firstPosition, caches);");
            w.Line($"{Kernel(a, a.OutputProjection.Entry)}(ref _scratch.Context.Start, ref _weights.{a.OutputProjection.Operand}Panels.Start, ref _weights.{a.OutputProjection.Operand}Bias.Start, ref sublayer, n, 0, 1);");
            w.Line($"{LayerNormEmitter.Call("AddResidual")}(ref residual, ref sublayer, ref residual, n);");
            w.Line();
            w.Line($"// x += Ffn({(rms ? "RMSNorm" : "LayerNorm")}2(x))");
            w.Line(Norm("Norm2"));
            w.Line("FeedForward(ref normed, ref sublayer, n);");
            w.Line($"{LayerNormEmitter.Call("AddResidual")}(ref residual, ref sublayer, ref residual, n);");
            w.Line("_scratch.Residual.Span.Slice(0, x.Length).CopyTo(y);");
        }
    }

    /// <summary>A kernel of the layer's attention kernel class, named from anywhere.</summary>
    private static string Kernel(CachedAttentionLayout a, string name) => $"global::{FileText.KernelNamespace}.{a.KernelClass}.{name}";
}
