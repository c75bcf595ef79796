using System;
using AttnGen.Generator.Model;
using AttnGen.Generator.Writing;

namespace AttnGen.Generator.Emitting;

/// <summary>
/// The public <c>ForwardPacked</c> of a block with self-attention: sequences of run-time lengths one after another with
/// no padding, checked on entry before anything is written, then run in chunks of whole sequences that fit the
/// instance's scratch (SeqLen rows), so the products of a chunk cover all its sequences' rows at once.
/// </summary>
internal static class PackedForward
{
    /// <param name="beforeChunks">Emits what the chunks share, once the arguments are checked; null for nothing.</param>
    /// <param name="chunk">
    /// Emits the work on one chunk: sequences <c>first</c> up to <c>end</c> of <c>lengths</c>, <c>rows</c> rows from
    /// row <c>chunkRow</c> of <c>tokens</c> and <c>y</c>.
    /// </param>
    public static void Emit(SourceWriter w, AttentionSpec s, Action<SourceWriter>? beforeChunks, Action<SourceWriter> chunk)
    {
        bool explicitMask = s.Has(AttentionMask.Explicit);
        w.Summary(
            "Runs the block on sequences of different lengths packed one after another with no padding: each attends to",
            $"exactly its own tokens{(s.Has(AttentionMask.Causal) ? " (causally)" : "")}, and no padded row or key is computed. A sequence's result is",
            "bit-identical whether it runs alone or packed with any others, at any offset. Allocates nothing.");
        w.Param("tokens", $"The sequences' tokens, <c>[sum of lengths, DModel {s.DModel}]</c> row-major.");
        w.Param("lengths", $"Each sequence's length, 0…SeqLen {s.SeqLen}.");
        if (explicitMask)
        {
            w.Param("mask", $"Additive mask <c>[SeqLen {s.SeqLen}, SeqLen {s.SeqLen}]</c>; a sequence of length n uses its top-left <c>[n, n]</c> corner.");
        }

        w.Param("y", "Output, the same shape as <paramref name=\"tokens\"/>; may be <paramref name=\"tokens\"/> itself.");
        w.Line($"/// <exception cref=\"{TypeNames.ArgumentException}\">An argument's length does not match; the message gives both sizes.</exception>");
        w.Line($"/// <exception cref=\"{TypeNames.ArgumentOutOfRangeException}\">A length is negative or longer than SeqLen; the message names its index.</exception>");
        w.Line(CallChecks.OverlapDoc);
        w.Line(CallChecks.BusyDoc);
        string mask = explicitMask ? $"{TypeNames.ReadOnlySpan}<float> mask, " : "";
        using (w.Block($"public void ForwardPacked({TypeNames.ReadOnlySpan}<float> tokens, {TypeNames.ReadOnlySpan}<int> lengths, {mask}{TypeNames.Span}<float> y)"))
        {
            w.Line($"int totalRows = {TypeNames.PackedSequences}.TotalLength(lengths, SeqLen, DModel, nameof(lengths));");
            w.Line($"{TypeNames.Shapes}.RequireLength(tokens.Length, totalRows * DModel, nameof(tokens), \"sum of lengths × DModel {s.DModel}\");");
            if (explicitMask)
            {
                w.Line($"{TypeNames.Shapes}.RequireLength(mask.Length, SeqLen * SeqLen, nameof(mask), \"SeqLen {s.SeqLen} × SeqLen {s.SeqLen}\");");
            }

            w.Line($"{TypeNames.Shapes}.RequireLength(y.Length, totalRows * DModel, nameof(y), \"sum of lengths × DModel {s.DModel}\");");
            CallChecks.SameOrDisjoint(w, "tokens", "y");
            if (explicitMask)
            {
                CallChecks.Disjoint(w, "mask", "y");
            }

            CallChecks.EnterCall(w);
            beforeChunks?.Invoke(w);
            w.Line("int chunkRow = 0;");
            using (w.Block("for (int first = 0; first < lengths.Length;)"))
            {
                w.Line($"int end = {TypeNames.PackedSequences}.ChunkEnd(lengths, first, SeqLen, out int rows);");
                using (w.Block("if (rows > 0)"))
                {
                    chunk(w);
                }

                w.Line("first = end;");
                w.Line("chunkRow += rows;");
            }
        }
    }
}
