namespace AttnGen.Generator.Model;

/// <summary>What parsing one declaration produced: a spec when it is valid, and its diagnostics either way.</summary>
/// <param name="UnoptimisedNotice">
/// For a valid block with kernels, the notice (ATTN0014) to report if the compilation turns out to be unoptimised:
/// that depends on the compilation's options, not on the declaration, so the pipeline decides.
/// </param>
internal sealed record ParseResult<TSpec>(TSpec? Spec, EquatableArray<DiagnosticInfo> Diagnostics, DiagnosticInfo? UnoptimisedNotice = null)
    where TSpec : class;
