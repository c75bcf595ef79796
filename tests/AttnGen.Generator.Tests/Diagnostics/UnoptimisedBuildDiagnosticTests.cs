using Microsoft.CodeAnalysis;

namespace AttnGen.Generator.Tests.Diagnostics;

/// <summary>
/// ATTN0014: a block whose generated kernels compile without optimization (a Debug build of the user's project, where
/// the JIT ignores even <c>AggressiveOptimization</c>) is told so, once, at its attribute; code is still generated.
/// </summary>
public sealed class UnoptimisedBuildDiagnosticTests
{
    [Theory]
    [InlineData("MultiHeadAttention(DModel = 64, Heads = 4, SeqLen = 16)")]
    [InlineData("FeedForward(DModel = 64, Hidden = 256)")]
    [InlineData("TransformerEncoderLayer(DModel = 64, Heads = 4, Hidden = 256, SeqLen = 16, LayerNormEps = 1e-5)")]
    [InlineData("TransformerDecoderLayer(DModel = 64, Heads = 4, Hidden = 256, SeqLen = 16, MemorySeqLen = 8, LayerNormEps = 1e-5)")]
    [InlineData("BertEmbeddings(VocabSize = 100, MaxPositions = 32, TypeVocabSize = 2, DModel = 64, SeqLen = 16, LayerNormEps = 1e-12)")]
    public void ATTN0014_is_info_at_the_attribute_in_an_unoptimised_build(string attribute)
    {
        DiagnosticRun run = DiagnosticRun.Of(DiagnosticTests.Declaration(attribute), Debug);

        Diagnostic info = run.Single("ATTN0014");
        run.AssertIds("ATTN0014");
        Assert.Equal(DiagnosticSeverity.Info, info.Severity);
        Assert.StartsWith("'Block' is compiled without optimization (a Debug build)", DiagnosticRun.Message(info), StringComparison.Ordinal);
        Assert.Equal(attribute, run.SpanText(info));
        Assert.Single(run.GeneratedSources);
    }

    [Fact]
    public void An_optimised_build_hears_nothing() =>
        DiagnosticRun.Of(DiagnosticTests.Declaration("MultiHeadAttention(DModel = 64, Heads = 4, SeqLen = 16)")).AssertIds();

    [Fact]
    public void A_positional_encoding_computes_nothing_worth_telling() =>
        DiagnosticRun.Of(DiagnosticTests.Declaration("SinusoidalPositionalEncoding(MaxLength = 32, DModel = 16)"), Debug).AssertIds();

    [Fact]
    public void An_invalid_declaration_gets_its_error_only() =>
        DiagnosticRun.Of(DiagnosticTests.Declaration("MultiHeadAttention(DModel = 64, Heads = 5, SeqLen = 16)"), Debug).AssertIds("ATTN0005");

    private static Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions Debug(Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions options) =>
        options.WithOptimizationLevel(OptimizationLevel.Debug);
}
