using System.Collections.Generic;
using AttnGen.Generator.Emitting.Blocks;
using AttnGen.Generator.Kernels;
using AttnGen.Generator.Layout;
using AttnGen.Generator.Writing;
using static AttnGen.Generator.Writing.SourceWriter;

namespace AttnGen.Generator.Emitting;

/// <summary>
/// Decoding with a cache, for a <c>[TransformerDecoderLayer]</c>: <c>Begin(memory, cache)</c> projects the memory's
/// keys and values into the cache once; <c>Forward(x, cache, y)</c> and <c>Step(x, caches, y)</c> then run new target
/// positions through the layer, each attending causally to the cached positions and to the whole memory.
/// </summary>
/// <remarks>
/// The rows go through the same packed weights and scratch as the full-sequence <c>Forward</c>, by the run-time-row
/// entries of its products, on the calling thread; the attention reads the cache with the <c>AttendHead</c> kernel a
/// <c>[CausalDecoderLayer]</c> uses. A row's arithmetic is the same however the positions are split between calls.
/// </remarks>
internal static class DecoderLayerDecoding
{
    public static IEnumerable<ScratchBuffer> ScratchBuffers(LayerPlan plan)
    {
        (CachedAttentionLayout self, CachedAttentionLayout memory) = Layouts(plan);
        int scores = System.Math.Max(self.MaxSeqLen, memory.MaxSeqLen);
        return
        [
            new("Query", self.HeadDimPadded, $"[{self.HeadDimPadded}] one query head, zero-padded, when decoding"),
            new("Scores", scores, $"[{scores}] one query head's scores, then its weights, when decoding"),
        ];
    }

    public static void EmitMembers(SourceWriter w, LayerPlan plan)
    {
        (CachedAttentionLayout self, CachedAttentionLayout memory) = Layouts(plan);
        var decoding = new CachedDecoding(plan.DModel, "SeqLen", plan.SeqLen, WithMemory: true);
        w.Line("/// <summary>Rows <see cref=\"Step\"/> runs at once: the scratch's, which <see cref=\"Forward(global::System.ReadOnlySpan{float}, Cache, global::System.Span{float})\"/> never exceeds.</summary>");
        w.Line("private const int ChunkRows = SeqLen;");
        w.Line();
        decoding.EmitCache(w,
            $"One sequence's keys and values for this layer: its memory's, projected once by <see cref=\"Begin\"/>, and up to " +
            $"SeqLen {plan.SeqLen} positions' own. Allocated once and reused; a model keeps one per layer and per sequence.",
            w => EmitCacheStorage(w, self, memory));
        w.Line();
        EmitBegin(w, plan, memory);
        w.Line();
        decoding.EmitForward(w,
            "Runs the layer on the next target positions of one sequence: each attends to every position in " +
            "<paramref name=\"cache\"/> and, causally, to those before it in <paramref name=\"x\"/>, then to the memory " +
            "the cache began with; the cache then holds them too.");
        w.Line();
        decoding.EmitStep(w);
        w.Line();
        EmitRunRows(w, plan);
        w.Line();
        CachedHeads.EmitCausalAttend(w, self, "AttendSelf", plan.Attentions[0].Prefix + plan.Attentions[0].QueryProjection.Operand,
            plan.Attentions[0].Prefix + "Context", scale: null, rotate: null);
        w.Line();
        EmitAttendMemory(w, plan, memory);
    }

    public static void EmitKernels(SourceWriter w, LayerPlan plan) =>
        CachedAttentionEmitter.EmitAttendOnly(w, Layouts(plan).Self, FileText.Cref(plan.Target));

    /// <summary>
    /// The shapes of the cached self-attention (as many key/value heads as query heads, no rotary embedding) and of the
    /// memory's keys and values; both take a chunk of SeqLen rows.
    /// </summary>
    private static (CachedAttentionLayout Self, CachedAttentionLayout Memory) Layouts(LayerPlan plan)
    {
        AttentionLayout cross = plan.Attentions[1];
        int heads = cross.Spec.Heads;
        return (new CachedAttentionLayout(plan.DModel, heads, heads, plan.SeqLen, RotaryTheta: 0, plan.SeqLen),
            new CachedAttentionLayout(plan.DModel, heads, heads, cross.Spec.KvSeqLen, RotaryTheta: 0, plan.SeqLen));
    }

    private static void EmitCacheStorage(SourceWriter w, CachedAttentionLayout self, CachedAttentionLayout memory)
    {
        w.Line($"// [Heads {self.Heads}, SeqLen {self.MaxSeqLen}, {self.HeadDimPadded}]: each head's positions one after another, zero-padded to whole vectors.");
        w.Line($"internal readonly {TypeNames.AlignedBuffer} Keys = new({Int(self.KvHeads * self.CacheHeadStride)});");
        w.Line($"internal readonly {TypeNames.AlignedBuffer} Values = new({Int(self.KvHeads * self.CacheHeadStride)});");
        w.Line();
        w.Line($"// [Heads {memory.Heads}, MemorySeqLen {memory.MaxSeqLen}, {memory.HeadDimPadded}]: the memory's keys and values, laid out alike.");
        w.Line($"internal readonly {TypeNames.AlignedBuffer} MemoryKeys = new({Int(memory.KvHeads * memory.CacheHeadStride)});");
        w.Line($"internal readonly {TypeNames.AlignedBuffer} MemoryValues = new({Int(memory.KvHeads * memory.CacheHeadStride)});");
    }

    private static void EmitBegin(SourceWriter w, LayerPlan plan, CachedAttentionLayout memory)
    {
        AttentionLayout cross = plan.Attentions[1];
        GemmShape keyValues = cross.KeyValueProjection!;
        w.Summary(
            "Starts a sequence in <paramref name=\"cache\"/>: projects <paramref name=\"memory\"/>'s keys and values " +
            "for the cross-attention, once for every position decoded after, and empties the cache's positions. " +
            "Allocates nothing.");
        w.Param("memory", $"The sequence attended to, <c>[MemorySeqLen {memory.MaxSeqLen}, DModel {plan.DModel}]</c> row-major.");
        w.Param("cache", "The sequence's cache for this layer; whatever it held is dropped.");
        w.Line($"/// <exception cref=\"{TypeNames.ArgumentException}\">The memory's length does not match; the message gives both sizes.</exception>");
        w.Line(CallChecks.BusyDoc);
        using (w.Block($"public void Begin({TypeNames.ReadOnlySpan}<float> memory, Cache cache)"))
        {
            w.Line($"{TypeNames.ArgumentNullException}.ThrowIfNull(cache);");
            w.Line($"{TypeNames.Shapes}.RequireLength(memory.Length, MemoryLength, nameof(memory), \"MemorySeqLen {memory.MaxSeqLen} × DModel {plan.DModel}\");");
            CallChecks.EnterCall(w);
            w.Line($"ref float memoryRows = ref {TypeNames.MemoryMarshal}.GetReference(memory);");
            AttentionBlock.EmitKeyValueProjection(w, cross, "memoryRows", "0", "1");
            using (w.Block("for (int position = 0; position < MemorySeqLen; position++)"))
            {
                w.Line($"ref float projected = ref {TypeNames.Unsafe}.Add(ref _scratch.{cross.Prefix}{keyValues.Operand}.Start, position * {Int(keyValues.RowStride)});");
                CachedHeads.EmitStore(w, memory, "projected", cross.KeyColumn, cross.ValueColumn, "cache", "Memory", "position");
            }

            w.Line("cache.Owner = this;");
            w.Line("cache.Length = 0;");
        }
    }

    /// <summary>
    /// One chunk of rows through the three sub-layers, as the full-sequence phases run them but on the chunk's rows, on
    /// the calling thread: post-norm <c>x = LN(x + f(x))</c> or pre-norm <c>x = x + f(LN(x))</c>.
    /// </summary>
    private static void EmitRunRows(SourceWriter w, LayerPlan plan)
    {
        using (CachedDecoding.OpenRunRows(w))
        {
            w.Line("// x is read once, here, so that y may be x.");
            w.Line("x.CopyTo(_scratch.Input.Span);");
            w.Line("nuint n = (nuint)rows;");
            string Start(string buffer) => $"_scratch.{buffer}.Start";
            for (int i = 0; i < plan.SublayerCount; i++)
            {
                int norm = i + 1;
                (string residual, string input, string target) = plan.SublayerBuffers(i);
                w.Line();
                w.Line($"// Sub-layer {norm}: {(i == 0 ? "self-attention over the cache" : i == 1 ? "cross-attention over the memory" : "feed-forward")}.");
                if (plan.NormFirst)
                {
                    w.Line(LayerPlan.NormStatement(norm, Start(residual), Start("Normed"), "n"));
                }

                if (i < plan.Attentions.Length)
                {
                    AttentionLayout attention = plan.Attentions[i];
                    AttentionBlock.EmitQueryProjection(w, attention, Start(input), "0", "1", "n");
                    w.Line(i == 0 ? "AttendSelf(rows, cache, firstPosition, caches);" : "AttendMemory(rows, cache, caches);");
                    AttentionBlock.EmitOutputProjection(w, attention, Start("Sublayer"), "0", "1", "n");
                }
                else
                {
                    FeedForwardBlock.EmitHiddenProjection(w, plan.FeedForward, Start(input), "0", "1", "n");
                    FeedForwardBlock.EmitOutputProjection(w, plan.FeedForward, Start("Sublayer"), "0", "1", "n");
                }

                w.Line(plan.CloseStatement(norm, Start(residual), Start("Sublayer"), Start(target), "n"));
            }

            w.Line();
            w.Line("_scratch.Output.Span.Slice(0, x.Length).CopyTo(y);");
        }
    }

    private static void EmitAttendMemory(SourceWriter w, LayerPlan plan, CachedAttentionLayout memory)
    {
        AttentionLayout cross = plan.Attentions[1];
        w.Summary("The chunk's cross-attention: each row's query heads over every position of its cache's memory.");
        using (w.Block($"private void AttendMemory(int rows, Cache? cache, {TypeNames.ReadOnlySpan}<Cache> caches)"))
        using (w.Block("for (int row = 0; row < rows; row++)"))
        {
            w.Line("Cache source = cache ?? caches[row];");
            w.Line($"ref float queries = ref {TypeNames.Unsafe}.Add(ref _scratch.{cross.Prefix}{cross.QueryProjection.Operand}.Start, row * {Int(cross.QueryProjection.RowStride)});");
            w.Line($"ref float context = ref {TypeNames.Unsafe}.Add(ref _scratch.{cross.Prefix}Context.Start, row * {Int(cross.ContextWidth)});");
            CachedHeads.EmitAttend(w, memory, "queries", scale: null, "source", "Memory", "context", "(nuint)MemorySeqLen");
        }
    }
}
