using AttnGen.Generator.Layout;
using AttnGen.Generator.Writing;
using static AttnGen.Generator.Writing.SourceWriter;

namespace AttnGen.Generator.Emitting.Blocks;

/// <summary>
/// The body of a row loop of an attention over cached keys and values (<see cref="CachedAttentionLayout"/>): one row's
/// key and value heads stored at its position in a cache, or one row's query heads attending over a cache with the
/// layout's <c>AttendHead</c> kernel, through the scratch buffers <c>Query</c> (one head, padded) and <c>Scores</c>.
/// </summary>
internal static class CachedHeads
{
    /// <summary>
    /// <c>{method}(rows, cache, firstPosition, caches)</c>: a chunk's causal self-attention over its cache. Every row's
    /// keys and values go into its cache first (turned by <paramref name="rotate"/> where given), then each row's query
    /// heads attend over the cached positions up to its own. Row r is at <c>firstPosition + r</c> of <c>cache</c>, or,
    /// without one, at the current length of <c>caches[r]</c>.
    /// </summary>
    /// <param name="projections">The scratch buffer of the chunk's projected rows, each <c>[queries | keys | values]</c>.</param>
    /// <param name="context">The scratch buffer the context rows go into, each <see cref="CachedAttentionLayout.ContextWidth"/> wide.</param>
    /// <param name="scale">As for <see cref="EmitAttend"/>.</param>
    /// <param name="rotate">The kernel that turns a projected row's queries and keys by its position; null for none.</param>
    public static void EmitCausalAttend(SourceWriter w, CachedAttentionLayout a, string method, string projections, string context, float? scale, string? rotate)
    {
        string Row(string buffer, int stride) => $"{TypeNames.Unsafe}.Add(ref _scratch.{buffer}.Start, row * {Int(stride)})";
        w.Summary(
            "The chunk's attention: every row's keys and values into its cache first" + (rotate is null ? "" : " (turned by the rotary embedding)") +
            ", then each row's query heads over the cached positions up to its own.");
        using (w.Block($"private void {method}(int rows, Cache? cache, int firstPosition, {TypeNames.ReadOnlySpan}<Cache> caches)"))
        {
            using (w.Block("for (int row = 0; row < rows; row++)"))
            {
                w.Line("Cache target = cache ?? caches[row];");
                w.Line("int position = cache is null ? target.Length : firstPosition + row;");
                w.Line($"ref float projected = ref {Row(projections, a.Projections.RowStride)};");
                if (rotate is not null)
                {
                    w.Line($"{rotate}(ref projected, (nuint)position);");
                }

                EmitStore(w, a, "projected", a.KeyColumn, a.ValueColumn, "target", "", "position");
            }

            w.Line();
            using (w.Block("for (int row = 0; row < rows; row++)"))
            {
                w.Line("Cache source = cache ?? caches[row];");
                w.Line("int position = cache is null ? source.Length : firstPosition + row;");
                w.Line($"ref float projected = ref {Row(projections, a.Projections.RowStride)};");
                w.Line($"ref float context = ref {Row(context, a.ContextWidth)};");
                EmitAttend(w, a, "projected", scale, "source", "", "context", "(nuint)(position + 1)");
            }
        }
    }

    /// <summary>Copies one projected row's key and value heads into <paramref name="cache"/>'s slots for <paramref name="position"/>.</summary>
    /// <param name="row">A <c>ref float</c> variable holding the projected row.</param>
    /// <param name="keyColumn">Where the row's keys start; its values start at <paramref name="valueColumn"/>.</param>
    /// <param name="field">Names the cache's buffers, <c>{field}Keys</c> and <c>{field}Values</c>.</param>
    public static void EmitStore(SourceWriter w, CachedAttentionLayout a, string row, int keyColumn, int valueColumn, string cache, string field, string position)
    {
        using (w.Block($"for (int head = 0; head < {Int(a.KvHeads)}; head++)"))
        {
            w.Line($"int slot = head * {Int(a.CacheHeadStride)} + {position} * {Int(a.HeadDimPadded)};");
            foreach ((int column, string buffer) in new[] { (keyColumn, "Keys"), (valueColumn, "Values") })
            {
                w.Line($"{TypeNames.MemoryMarshal}.CreateReadOnlySpan(ref {TypeNames.Unsafe}.Add(ref {row}, {Plus(column, $"head * {Int(a.HeadDim)}")}), {Int(a.HeadDim)})");
                w.Line($"    .CopyTo({cache}.{field}{buffer}.Span.Slice(slot, {Int(a.HeadDim)}));");
            }
        }
    }

    /// <summary>
    /// Each query head of one projected row attends over the first <paramref name="visible"/> positions of
    /// <paramref name="cache"/>, its context going into the row's padded slots at <paramref name="context"/>.
    /// </summary>
    /// <param name="row">A <c>ref float</c> variable holding the row's queries, head after head.</param>
    /// <param name="scale">1/√HeadDim to apply as the query is copied, or null where the weights hold it already.</param>
    /// <param name="field">As for <see cref="EmitStore"/>.</param>
    /// <param name="visible">The count of positions attended to, an <c>nuint</c> expression.</param>
    public static void EmitAttend(SourceWriter w, CachedAttentionLayout a, string row, float? scale, string cache, string field, string context, string visible)
    {
        string unsafeAdd = $"{TypeNames.Unsafe}.Add";
        w.Line("ref float query = ref _scratch.Query.Start;");
        using (w.Block($"for (int head = 0; head < {Int(a.Heads)}; head++)"))
        {
            w.Line(scale is null
                ? "// The query, already scaled; its padding stays zero, as the cached keys' does."
                : $"// The query scaled by 1/√{a.HeadDim}; its padding stays zero, as the cached keys' does.");
            using (w.Block($"for (int d = 0; d < {Int(a.HeadDim)}; d++)"))
            {
                string value = $"{unsafeAdd}(ref {row}, head * {Int(a.HeadDim)} + d)";
                w.Line($"{unsafeAdd}(ref query, d) = {(scale is { } factor ? $"{value} * {Float(factor)}" : value)};");
            }

            string kvHead = a.Group == 1 ? "head" : $"head / {Int(a.Group)}";
            w.Line($"int slot = {kvHead} * {Int(a.CacheHeadStride)};");
            w.Line($"global::{FileText.KernelNamespace}.{a.KernelClass}.AttendHead(ref query, ref {unsafeAdd}(ref {cache}.{field}Keys.Start, slot), ref {unsafeAdd}(ref {cache}.{field}Values.Start, slot),");
            w.Line($"    ref _scratch.Scores.Start, ref {unsafeAdd}(ref {context}, head * {Int(a.HeadDimPadded)}), {visible});");
        }
    }
}
