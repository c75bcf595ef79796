using System.Collections.Generic;
using System.Linq;
using AttnGen.Generator.Emitting.Blocks;
using AttnGen.Generator.Layout;
using AttnGen.Generator.Model;
using AttnGen.Generator.Writing;
using static AttnGen.Generator.Writing.SourceWriter;

namespace AttnGen.Generator.Emitting;

/// <summary>Emits the source file for one <c>[FeedForward]</c> class: any number of rows, processed in chunks of constant size.</summary>
internal static class FeedForwardEmitter
{
    /// <summary>
    /// Rows per chunk: bounds the hidden scratch (rows × Hidden). Each chunk streams both weight matrices once, so
    /// a chunk is as tall as a typical sequence: fewer chunks, fewer passes over weights that do not fit in cache.
    /// </summary>
    private const int ChunkRows = 128;

    public static string Emit(FeedForwardSpec spec)
    {
        var layout = new FeedForwardLayout("", spec.DModel, spec.Hidden, spec.Activation, spec.Bias, ChunkRows, RowsAtRunTime: true);
        bool outputNeedsCopy = Lanes.RoundUp(spec.DModel) != spec.DModel;
        var w = new SourceWriter();
        FileText.Header(w);
        using (FileText.OpenTarget(w, spec.Target))
        {
            BlockText.ClassHeader(w,
                $"Feed-forward block: DModel {spec.DModel} → Hidden {spec.Hidden} ({spec.Activation}) → DModel {spec.DModel}, {(spec.Bias ? "with" : "without")} biases.");
            using (w.Block($"partial {spec.Target.Keyword} {spec.Target.Name}"))
            {
                BlockText.Constant(w, "DModel", spec.DModel, "Model width: floats per row of x and y.");
                BlockText.Constant(w, "Hidden", spec.Hidden, "Width of the hidden layer.");
                w.Line();
                EmitWeights(w, spec, layout);
                w.Line();
                IEnumerable<ScratchBuffer> buffers = FeedForwardBlock.ScratchBuffers(layout);
                if (outputNeedsCopy)
                {
                    int stride = Lanes.RoundUp(spec.DModel);
                    buffers = buffers.Append(new ScratchBuffer("Output", ChunkRows * stride, $"[{ChunkRows}, {stride}] y before trimming rows to {spec.DModel}"));
                }

                BlockText.EmitState(w, spec.Target, buffers);
                w.Line();
                EmitForward(w, spec, outputNeedsCopy);
                w.Line();
                EmitForwardPacked(w, spec);
                w.Line();
                FeedForwardBlock.EmitMethod(w, layout);
            }
        }

        w.Line();
        using (FileText.OpenKernels(w))
        {
            FeedForwardBlock.EmitKernels(w, layout, FileText.Cref(spec.Target));
        }

        return w.ToString();
    }

    private static void EmitWeights(SourceWriter w, FeedForwardSpec s, FeedForwardLayout l)
    {
        string bias = BlockText.Bool(s.Bias);
        BlockText.EmitWeightsClass(w, new WeightsClass(
            "The block's parameters, packed once into the panels its kernels stream.",
            "FeedForwardParameters",
            $"p.DModel != DModel || p.Hidden != Hidden || p.HasBias != {bias}",
            $"Parameters have DModel {{p.DModel}}, Hidden {{p.Hidden}} and HasBias {{p.HasBias}}; this block declares DModel {s.DModel}, Hidden {s.Hidden} and Bias {bias}.",
            w => FeedForwardBlock.EmitWeightFields(w, l),
            w => FeedForwardBlock.EmitPacking(w, l, "p"),
            "PyTorch (<c>linear1.*</c>, <c>linear2.*</c>) or HuggingFace BERT (<c>intermediate.dense.*</c>, <c>output.dense.*</c>) names",
            $"{TypeNames.Runtime}.FeedForwardWeightNames.Load(source, prefix, DModel, Hidden, bias: {bias}, allowUnused, allowNonFinite)",
            $"{TypeNames.Runtime}.FeedForwardParameters.Random(DModel, Hidden, bias: {bias}, seed)"));
    }

    /// <summary>
    /// The packed form the other blocks of a layer stack have: rows are independent here, so the lengths are only checked
    /// against the rows, and the rows run as one <c>Forward</c>.
    /// </summary>
    private static void EmitForwardPacked(SourceWriter w, FeedForwardSpec s)
    {
        w.Summary(
            "Runs the block on sequences packed one after another with no padding, as the attention blocks' <c>ForwardPacked</c>",
            "takes them; every row is independent, so this is <see cref=\"Forward\"/> over all of them once the lengths are checked.");
        w.Param("tokens", $"The sequences' rows, <c>[sum of lengths, DModel {s.DModel}]</c> row-major.");
        w.Param("lengths", "Each sequence's length, 0 or more.");
        w.Param("y", "Output, the same shape as <paramref name=\"tokens\"/>; may be <paramref name=\"tokens\"/> itself.");
        w.Line($"/// <exception cref=\"{TypeNames.ArgumentException}\">An argument's length does not match; the message gives both sizes.</exception>");
        w.Line($"/// <exception cref=\"{TypeNames.ArgumentOutOfRangeException}\">A length is negative; the message names its index.</exception>");
        w.Line(CallChecks.OverlapDoc);
        w.Line(CallChecks.BusyDoc);
        using (w.Block($"public void ForwardPacked({TypeNames.ReadOnlySpan}<float> tokens, {TypeNames.ReadOnlySpan}<int> lengths, {TypeNames.Span}<float> y)"))
        {
            w.Line($"int totalRows = {TypeNames.PackedSequences}.TotalLength(lengths, int.MaxValue, DModel, nameof(lengths));");
            w.Line($"{TypeNames.Shapes}.RequireLength(tokens.Length, totalRows * DModel, nameof(tokens), \"sum of lengths × DModel {s.DModel}\");");
            // Checked here too so that the message names tokens; Forward marks the instance busy.
            CallChecks.SameOrDisjoint(w, "tokens", "y");
            w.Line("Forward(tokens, y);");
        }
    }

    private static void EmitForward(SourceWriter w, FeedForwardSpec s, bool outputNeedsCopy)
    {
        int stride = Lanes.RoundUp(s.DModel);
        w.Line($"private const int ChunkRows = {Int(ChunkRows)};");
        w.Line();
        w.Summary("Runs the block on every row of <paramref name=\"x\"/>, independently. Allocates nothing.");
        w.Param("x", $"Input rows, <c>[rows, DModel {s.DModel}]</c> row-major, any number of rows.");
        w.Param("y", $"Output, the same shape as <paramref name=\"x\"/>; may be <paramref name=\"x\"/> itself.");
        w.Line($"/// <exception cref=\"{TypeNames.ArgumentException}\">An argument's length does not match; the message gives both sizes.</exception>");
        w.Line(CallChecks.OverlapDoc);
        w.Line(CallChecks.BusyDoc);
        using (w.Block($"public void Forward({TypeNames.ReadOnlySpan}<float> x, {TypeNames.Span}<float> y)"))
        {
            w.Line($"int rows = {TypeNames.Shapes}.BatchCount(x.Length, DModel, nameof(x), \"[DModel {s.DModel}]\");");
            w.Line($"{TypeNames.Shapes}.RequireLength(y.Length, x.Length, nameof(y), \"rows from x × DModel {s.DModel}\");");
            CallChecks.SameOrDisjoint(w, "x", "y");
            CallChecks.EnterCall(w);
            w.Line($"ref float xStart = ref {TypeNames.MemoryMarshal}.GetReference(x);");
            w.Line($"ref float yStart = ref {TypeNames.MemoryMarshal}.GetReference(y);");
            using (w.Block("for (int start = 0; start < rows; start += ChunkRows)"))
            {
                w.Line($"int count = {TypeNames.Math}.Min(ChunkRows, rows - start);");
                w.Line($"ref float chunk = ref {TypeNames.Unsafe}.Add(ref xStart, start * DModel);");
                if (outputNeedsCopy)
                {
                    w.Line("FeedForward(ref chunk, ref _scratch.Output.Start, (nuint)count);");
                    w.Line($"// Rows come out {stride} wide (whole vectors); y's rows are {s.DModel}.");
                    using (w.Block("for (int row = 0; row < count; row++)"))
                    {
                        w.Line($"_scratch.Output.Span.Slice(row * {Int(stride)}, DModel).CopyTo(y.Slice((start + row) * DModel, DModel));");
                    }
                }
                else
                {
                    w.Line($"FeedForward(ref chunk, ref {TypeNames.Unsafe}.Add(ref yStart, start * DModel), (nuint)count);");
                }
            }
        }
    }
}
