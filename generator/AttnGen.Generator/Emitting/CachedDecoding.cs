using AttnGen.Generator.Writing;

namespace AttnGen.Generator.Emitting;

/// <summary>
/// What every layer that decodes with a key/value cache has alike: the nested <c>Cache</c> type's bookkeeping, and
/// <c>Forward(x, cache, y)</c> and <c>Step(x, caches, y)</c> with their checks, which run the layer's own
/// <c>RunRows</c> on chunks of at most <c>ChunkRows</c> rows. The layer declares the constants, <c>ChunkRows</c>,
/// the cache's storage and <c>RunRows(x, y, rows, cache, firstPosition, caches)</c>.
/// </summary>
/// <param name="DModel">Floats per position.</param>
/// <param name="CapacityName">The constant that sets how many positions a cache holds (<c>MaxSeqLen</c>, <c>SeqLen</c>).</param>
/// <param name="Capacity">Its value.</param>
/// <param name="WithMemory">
/// Whether a sequence starts with <c>Begin(memory, cache)</c>, which projects the memory a decoder layer's
/// cross-attention reads into the cache; a cache that has not begun is then an error.
/// </param>
internal sealed record CachedDecoding(int DModel, string CapacityName, int Capacity, bool WithMemory)
{
    /// <summary>
    /// The nested <c>Cache</c>: <paramref name="storage"/> (the layer's buffers, as fields), the instance that owns it,
    /// the step that last took it, its length and capacity, and <c>Reset()</c>.
    /// </summary>
    public void EmitCache(SourceWriter w, string summary, System.Action<SourceWriter> storage)
    {
        w.Summary(summary);
        using (w.Block("public sealed class Cache"))
        {
            storage(w);
            w.Line();
            w.Line(WithMemory
                ? "/// <summary>The layer instance that began it, whose keys it holds; null until Begin, so that a cache shared by two layers is an error, not wrong numbers.</summary>"
                : "/// <summary>The layer instance whose keys it holds, so that a cache shared by two layers is an error, not wrong numbers.</summary>");
            w.Line("internal object? Owner;");
            w.Line();
            w.Line("/// <summary>The last <see cref=\"Step\"/> call that took this cache, to find one passed twice.</summary>");
            w.Line("internal int StepStamp;");
            w.Line();
            w.Summary("Positions held: the sequence's length so far.");
            w.Line("public int Length { get; internal set; }");
            w.Line();
            w.Summary($"Positions the cache can hold: {CapacityName}.");
            w.Line($"public int Capacity => {CapacityName};");
            w.Line();
            w.Summary(WithMemory
                ? "Empties the cache, memory included; <c>Begin</c> starts its next sequence, on any instance of the layer."
                : "Empties the cache for a new sequence, which any instance of the layer may then use.");
            using (w.Block("public void Reset()"))
            {
                w.Line("Length = 0;");
                w.Line("Owner = null;");
            }
        }

        w.Line();
        w.Line("/// <summary>Numbers each <see cref=\"Step\"/> call, to find a cache passed twice without a set.</summary>");
        w.Line("private int _stepStamp;");
    }

    /// <param name="summary">What the call computes: the attention's reach for this layer.</param>
    public void EmitForward(SourceWriter w, string summary)
    {
        EmitDocs(w,
            summary + " An empty cache makes this the prompt's prefill; one position per call decodes. Any split of a " +
            "sequence into calls gives the same floats. Allocates nothing.",
            ($"The new positions, <c>[n, DModel {DModel}]</c> row-major; n may be 0.", "cache", "The sequence's cache for this layer."),
            "An argument's length does not match; the message gives both sizes.",
            $"The cache cannot hold n more positions{(WithMemory ? ", has not begun" : "")} or holds another layer instance's keys");
        using (w.Block($"public void Forward({TypeNames.ReadOnlySpan}<float> x, Cache cache, {TypeNames.Span}<float> y)"))
        {
            w.Line($"{TypeNames.ArgumentNullException}.ThrowIfNull(cache);");
            w.Line($"int rows = {TypeNames.Shapes}.BatchCount(x.Length, DModel, nameof(x), \"[DModel {DModel}]\");");
            w.Line($"{TypeNames.Shapes}.RequireLength(y.Length, x.Length, nameof(y), \"rows from x × DModel {DModel}\");");
            CallChecks.SameOrDisjoint(w, "x", "y");
            CallChecks.EnterCall(w);
            w.Line("CheckCache(cache, -1);");
            using (w.Block($"if (rows > {CapacityName} - cache.Length)"))
            {
                EmitFull(w, $"The cache holds {{cache.Length}} of its {Capacity} positions ({CapacityName}); {{rows}} more do not fit.");
            }

            w.Line();
            using (w.Block("for (int start = 0; start < rows; start += ChunkRows)"))
            {
                w.Line($"int count = {TypeNames.Math}.Min(ChunkRows, rows - start);");
                w.Line("RunRows(x.Slice(start * DModel, count * DModel), y.Slice(start * DModel, count * DModel), count, cache, cache.Length + start, default);");
            }

            if (!WithMemory)
            {
                w.Line("cache.Owner = this;");
            }

            w.Line("cache.Length += rows;");
        }

        w.Line();
        EmitCheckCache(w);
    }

    public void EmitStep(SourceWriter w)
    {
        EmitDocs(w,
            "Decodes one new position of each of several independent sequences at once (continuous " +
            "batching): row i of <paramref name=\"x\"/> is the next position of the sequence whose cache is " +
            "<c>caches[i]</c>, at whatever length it has. The projections run as one product over every row; " +
            "each row attends to its own cache, which then holds it too. Row i's result equals <see " +
            "cref=\"Forward\"/> of that row alone on <c>caches[i]</c>. Allocates nothing.",
            ($"One position per cache, <c>[caches.Length, DModel {DModel}]</c> row-major.", "caches", "Each sequence's cache for this layer, each at most once."),
            "An argument's length does not match, or a cache appears twice.",
            $"A cache is full{(WithMemory ? ", has not begun" : "")} or holds another layer instance's keys");
        using (w.Block($"public void Step({TypeNames.ReadOnlySpan}<float> x, {TypeNames.ReadOnlySpan}<Cache> caches, {TypeNames.Span}<float> y)"))
        {
            w.Line($"{TypeNames.Shapes}.RequireLength(x.Length, caches.Length * DModel, nameof(x), \"caches.Length × DModel {DModel}\");");
            w.Line($"{TypeNames.Shapes}.RequireLength(y.Length, x.Length, nameof(y), \"caches.Length × DModel {DModel}\");");
            CallChecks.SameOrDisjoint(w, "x", "y");
            CallChecks.EnterCall(w);
            w.Line("int stamp = ++_stepStamp;");
            using (w.Block("for (int i = 0; i < caches.Length; i++)"))
            {
                w.Line($"Cache cache = caches[i] ?? throw new {TypeNames.ArgumentNullException}(nameof(caches), $\"caches[{{i}}] is null.\");");
                w.Line("CheckCache(cache, i);");
                using (w.Block($"if (cache.Length == {CapacityName})"))
                {
                    EmitFull(w, $"caches[{{i}}] holds all {Capacity} of its positions ({CapacityName}); one more does not fit.");
                }

                using (w.Block("if (cache.StepStamp == stamp)"))
                {
                    w.Line($"throw new {TypeNames.ArgumentException}($\"caches[{{i}}] appears twice; each sequence takes one step per call.\", nameof(caches));");
                }

                w.Line("cache.StepStamp = stamp;");
            }

            w.Line();
            using (w.Block("for (int start = 0; start < caches.Length; start += ChunkRows)"))
            {
                w.Line($"int count = {TypeNames.Math}.Min(ChunkRows, caches.Length - start);");
                w.Line("RunRows(x.Slice(start * DModel, count * DModel), y.Slice(start * DModel, count * DModel), count, null, 0, caches.Slice(start, count));");
            }

            using (w.Block("foreach (Cache cache in caches)"))
            {
                if (!WithMemory)
                {
                    w.Line("cache.Owner = this;");
                }

                w.Line("cache.Length++;");
            }
        }
    }

    /// <summary>
    /// Opens the layer's <c>RunRows(x, y, rows, cache, firstPosition, caches)</c>, which runs one chunk for <c>Forward</c>
    /// and <c>Step</c>; the layer writes its body.
    /// </summary>
    public static System.IDisposable OpenRunRows(SourceWriter w)
    {
        w.Summary(
            "One chunk of at most ChunkRows rows through the layer. Row r is at position <paramref " +
            "name=\"firstPosition\"/> + r of <paramref name=\"cache\"/>, or, without one, at the current " +
            "length of <c>caches[r]</c>.");
        return w.Block($"private void RunRows({TypeNames.ReadOnlySpan}<float> x, {TypeNames.Span}<float> y, int rows, Cache? cache, int firstPosition, {TypeNames.ReadOnlySpan}<Cache> caches)");
    }

    /// <summary>
    /// The docs of <c>Forward</c> or <c>Step</c>: the summary, <c>x</c>, the cache parameter, <c>y</c>, and the
    /// exceptions, <paramref name="unusable"/> saying when the cache state refuses the call.
    /// </summary>
    private static void EmitDocs(SourceWriter w, string summary, (string X, string Cache, string CacheDoc) parameters, string lengthError, string unusable)
    {
        w.Summary(summary);
        w.Param("x", parameters.X);
        w.Param(parameters.Cache, parameters.CacheDoc);
        w.Param("y", "Output, the same shape as <paramref name=\"x\"/>; may be <paramref name=\"x\"/> itself.");
        w.Line($"/// <exception cref=\"{TypeNames.ArgumentException}\">{lengthError}</exception>");
        w.Line(CallChecks.OverlapDoc);
        w.Line("/// <exception cref=\"global::System.InvalidOperationException\">");
        w.Line($"/// {unusable}, or the instance is running a call on another thread (use one instance per thread); nothing has changed.");
        w.Line("/// </exception>");
    }

    /// <summary>
    /// <c>CheckCache(cache, index)</c>: a cache holds one layer instance's keys, so another's is an error; an empty or
    /// reset one is anyone's, unless a sequence must begin with its memory first.
    /// </summary>
    private void EmitCheckCache(SourceWriter w)
    {
        w.Summary(
            "A cache holds one layer instance's keys: another's is an error" +
            (WithMemory ? ", and so is one that has not begun. " : ", an empty or reset one is anyone's. ") +
            "The argument is <c>caches[index]</c>, or <c>cache</c> for a negative index; its name is built only for the error.");
        using (w.Block("private void CheckCache(Cache cache, int index)"))
        {
            using (w.Block("if (cache.Owner is not null && !ReferenceEquals(cache.Owner, this))"))
            {
                w.Line("throw new global::System.InvalidOperationException(");
                w.Line("    $\"{(index < 0 ? \"cache\" : $\"caches[{index}]\")} holds the keys and values of another instance of this layer; keep one cache \" +");
                w.Line($"    \"per layer and per sequence, or {(WithMemory ? "Begin(memory, cache) a new sequence in it" : "Reset() it before reusing it")}.\");");
            }

            if (WithMemory)
            {
                using (w.Block("if (cache.Owner is null)"))
                {
                    w.Line("throw new global::System.InvalidOperationException(");
                    w.Line("    $\"{(index < 0 ? \"cache\" : $\"caches[{index}]\")} has no memory yet: start its sequence with Begin(memory, cache).\");");
                }
            }
        }
    }

    /// <summary>The error of a call the cache cannot hold: <paramref name="what"/>, an interpolated string's text, then the fix.</summary>
    private void EmitFull(SourceWriter w, string what)
    {
        w.Line("throw new global::System.InvalidOperationException(");
        w.Line($"    $\"{what} \" +");
        w.Line($"    \"Start a new sequence with {(WithMemory ? "Begin(memory, cache)" : "Reset()")}, or declare a larger {CapacityName}.\");");
    }
}
