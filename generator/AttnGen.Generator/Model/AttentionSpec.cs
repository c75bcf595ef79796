namespace AttnGen.Generator.Model;

/// <summary>
/// Everything the emitter needs to know about one <c>[MultiHeadAttention]</c> declaration.
/// </summary>
/// <remarks>
/// The caching contract: immutable, value-equal, and free of Roslyn objects (no symbols, syntax nodes,
/// compilations or locations), so an edit that does not change the declaration leaves the generated code cached.
/// </remarks>
internal sealed record AttentionSpec(
    TypeTarget Target,
    int DModel,
    int Heads,
    int SeqLen,
    int KvSeqLen,
    bool IsCrossAttention,
    AttentionMask Mask,
    bool Bias) : IBlockSpec
{
    public bool Has(AttentionMask flag) => (Mask & flag) != 0;
}

/// <summary>Where generated members go: the class, its namespace, and the partial types around it.</summary>
/// <param name="Namespace">The namespace, or empty for the global namespace.</param>
/// <param name="Name">The class name.</param>
/// <param name="Keyword">How the class is declared: <c>class</c> or <c>record</c>.</param>
/// <param name="Containers">Declarations of the containing types, outermost first, such as <c>partial class Outer</c>.</param>
internal sealed record TypeTarget(string Namespace, string Name, string Keyword, EquatableArray<string> Containers)
{
    public string FullName => (Namespace.Length == 0 ? "" : Namespace + ".") +
        string.Concat(System.Linq.Enumerable.Select(Containers, c => c.Substring(c.LastIndexOf(' ') + 1) + ".")) + Name;
}

/// <summary>What parsing one declaration produced: a spec when it is valid, and its diagnostics either way.</summary>
/// <param name="UnoptimisedNotice">
/// For a valid block with kernels, the notice (ATTN0014) to report if the compilation turns out to be unoptimised:
/// that depends on the compilation's options, not on the declaration, so the pipeline decides.
/// </param>
internal sealed record ParseResult<TSpec>(TSpec? Spec, EquatableArray<DiagnosticInfo> Diagnostics, DiagnosticInfo? UnoptimisedNotice = null)
    where TSpec : class;
