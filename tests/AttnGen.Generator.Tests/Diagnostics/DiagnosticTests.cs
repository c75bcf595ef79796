using AttnGen.Testing;
using Microsoft.CodeAnalysis;

namespace AttnGen.Generator.Tests.Diagnostics;

/// <summary>
/// Every diagnostic id: exact id, severity, message and location (the marked <c>[|…|]</c> span), and no code
/// for an invalid declaration. Every run also asserts the generator did not crash (no CS8785, no AD0001).
/// </summary>
public sealed class DiagnosticTests
{
    private const string ValidSizes = "DModel = 64, Heads = 4, SeqLen = 16";

    // ----- ATTN0001: class must be partial -------------------------------------------------------

    [Fact]
    public void ATTN0001_class_not_partial_points_at_the_class_identifier() =>
        AssertSingleError(
            $$"""
            using AttnGen;

            namespace Demo;

            [MultiHeadAttention({{ValidSizes}})]
            public sealed class [|Block|]
            {
            }
            """,
            "ATTN0001", "'Block' must be declared partial so that AttnGen can add the generated members to it");

    // ----- ATTN0002: containing type must be partial ---------------------------------------------

    [Theory]
    [InlineData("public class Outer", "Outer")]
    [InlineData("public record Outer", "Outer")]
    [InlineData("public struct Outer", "Outer")]
    [InlineData("internal static class Outer", "Outer")]
    public void ATTN0002_container_not_partial_points_at_the_class_identifier(string container, string containerName) =>
        AssertSingleError(
            $$"""
            using AttnGen;

            namespace Demo;

            {{container}}
            {
                [MultiHeadAttention({{ValidSizes}})]
                public partial class [|Block|]
                {
                }
            }
            """,
            "ATTN0002", $"'Block' is nested in '{containerName}', which must be declared partial too");

    [Fact]
    public void ATTN0002_names_the_non_partial_container_among_several() =>
        AssertSingleError(
            $$"""
            using AttnGen;

            namespace Demo;

            public partial class Outer
            {
                public class Middle
                {
                    public partial record Inner
                    {
                        [MultiHeadAttention({{ValidSizes}})]
                        public partial class [|Block|]
                        {
                        }
                    }
                }
            }
            """,
            "ATTN0002", "'Block' is nested in 'Middle', which must be declared partial too");

    // ----- ATTN0003: generic ---------------------------------------------------------------------

    [Theory]
    [InlineData("""
        [MultiHeadAttention(DModel = 64, Heads = 4, SeqLen = 16)]
        public partial class [|Block|]<T>
        {
        }
        """)]
    [InlineData("""
        public partial class Outer<T>
        {
            [MultiHeadAttention(DModel = 64, Heads = 4, SeqLen = 16)]
            public partial class [|Block|]
            {
            }
        }
        """)]
    [InlineData("""
        public partial class Outer<TKey, TValue>
        {
            public partial record Middle
            {
                [MultiHeadAttention(DModel = 64, Heads = 4, SeqLen = 16)]
                internal partial class [|Block|]
                {
                }
            }
        }
        """)]
    public void ATTN0003_generic_or_nested_in_generic_points_at_the_class_identifier(string declaration) =>
        AssertSingleError(
            "using AttnGen;\n\nnamespace Demo;\n\n" + declaration,
            "ATTN0003",
            "'Block' is generic or nested in a generic type; generated code is specialised to one shape, so declare the block on a non-generic class");

    // ----- ATTN0004: size not positive -----------------------------------------------------------

    [Theory]
    [InlineData("[|MultiHeadAttention(Heads = 4, SeqLen = 16)|]", "DModel", "not set")]
    [InlineData("[|MultiHeadAttention(DModel = 64, SeqLen = 16)|]", "Heads", "not set")]
    [InlineData("[|MultiHeadAttention(DModel = 64, Heads = 4)|]", "SeqLen", "not set")]
    [InlineData("MultiHeadAttention(DModel = [|0|], Heads = 4, SeqLen = 16)", "DModel", "0")]
    [InlineData("MultiHeadAttention(DModel = 64, Heads = [|0|], SeqLen = 16)", "Heads", "0")]
    [InlineData("MultiHeadAttention(DModel = 64, Heads = [|-4|], SeqLen = 16)", "Heads", "-4")]
    [InlineData("MultiHeadAttention(DModel = 64, Heads = 4, SeqLen = [|int.MinValue|])", "SeqLen", "-2147483648")]
    [InlineData("MultiHeadAttention(DModel = 64, Heads = 4, SeqLen = 16, KvSeqLen = [|0|])", "KvSeqLen", "0")]
    [InlineData("MultiHeadAttention(KvSeqLen = [|-1|], DModel = 64, Heads = 4, SeqLen = 16)", "KvSeqLen", "-1")]
    public void ATTN0004_size_not_positive_points_at_the_value_or_the_attribute(string attribute, string size, string shown) =>
        AssertSingleError(
            Declaration(attribute),
            "ATTN0004", $"{size} must be set to a positive value, but it is {shown}");

    [Fact]
    public void ATTN0004_is_reported_for_every_missing_size()
    {
        MarkedSource marked = MarkedSource.Parse(Declaration("[|MultiHeadAttention|]"));
        DiagnosticRun run = DiagnosticRun.Of(marked.Source);

        run.AssertIds("ATTN0004", "ATTN0004", "ATTN0004");
        Assert.Equal(
            ["DModel must be set to a positive value, but it is not set",
             "Heads must be set to a positive value, but it is not set",
             "SeqLen must be set to a positive value, but it is not set"],
            run.GeneratorDiagnostics.Select(DiagnosticRun.Message).Order(StringComparer.Ordinal));
        Assert.All(run.GeneratorDiagnostics, d =>
        {
            Assert.Equal(DiagnosticSeverity.Error, d.Severity);
            Assert.Equal(marked.Span, d.Location.SourceSpan);
            Assert.Equal("MultiHeadAttention", run.SpanText(d));
        });
        Assert.Empty(run.GeneratedSources);
    }

    [Fact]
    public void ATTN0004_unset_KvSeqLen_is_self_attention_not_an_error()
    {
        DiagnosticRun run = DiagnosticRun.Of(Declaration($"MultiHeadAttention({ValidSizes})"));

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Single(run.GeneratedSources);
    }

    // ----- ATTN0005: heads do not divide the model width -----------------------------------------

    [Theory]
    [InlineData("MultiHeadAttention(DModel = 64, Heads = [|3|], SeqLen = 16)", "DModel 64 is not divisible by Heads 3")]
    [InlineData("MultiHeadAttention(DModel = 4, Heads = [|8|], SeqLen = 16)", "DModel 4 is not divisible by Heads 8")]
    [InlineData("MultiHeadAttention(Heads = [|7|], SeqLen = 2, DModel = 50, KvSeqLen = 3)", "DModel 50 is not divisible by Heads 7")]
    public void ATTN0005_heads_not_dividing_DModel_points_at_the_Heads_value(string attribute, string start) =>
        AssertSingleError(Declaration(attribute), "ATTN0005", start + "; each head gets DModel / Heads dimensions");

    // ----- ATTN0006: undefined mask flags --------------------------------------------------------

    [Theory]
    [InlineData("[|(AttentionMask)8|]", "8")]
    [InlineData("[|AttentionMask.Causal | (AttentionMask)16|]", "17")]
    [InlineData("[|(AttentionMask)(-1)|]", "-1")]
    public void ATTN0006_undefined_mask_flags_point_at_the_Mask_value(string mask, string value) =>
        AssertSingleError(
            Declaration($"MultiHeadAttention({ValidSizes}, Mask = {mask})"),
            "ATTN0006", $"Mask value {value} contains undefined flags; combine only None, Causal, KeyPadding and Explicit");

    // ----- ATTN0007: size above the limit --------------------------------------------------------

    private const string SizeReason = "every size is limited so that the generated index arithmetic cannot overflow";
    private const string SampleReason = "one sample's array must stay far inside int range so that batch offsets cannot overflow";

    [Theory]
    [InlineData("MultiHeadAttention(DModel = [|131072|], Heads = 4, SeqLen = 16)", "DModel is 131072")]
    [InlineData("MultiHeadAttention(DModel = 64, Heads = [|65537|], SeqLen = 16)", "Heads is 65537")]
    [InlineData("MultiHeadAttention(DModel = 64, Heads = 4, SeqLen = [|65537|])", "SeqLen is 65537")]
    [InlineData("MultiHeadAttention(DModel = 64, Heads = 4, SeqLen = 16, KvSeqLen = [|int.MaxValue|])", "KvSeqLen is 2147483647")]
    public void ATTN0007_size_above_limit_points_at_the_value(string attribute, string start) =>
        AssertSingleError(Declaration(attribute), "ATTN0007", $"{start}, above the limit of 65536: {SizeReason}");

    [Theory]
    [InlineData(
        "[|MultiHeadAttention(DModel = 64, Heads = 32, SeqLen = 4096, KvSeqLen = 4096)|]",
        "Heads × SeqLen × KvSeqLen (one sample's attention weights) is 536870912")]
    [InlineData(
        "[|MultiHeadAttention(DModel = 65536, Heads = 1, SeqLen = 4096)|]",
        "(SeqLen + 2 × KvSeqLen) × DModel (one sample's projections) is 805306368")]
    public void ATTN0007_per_sample_size_above_2_to_the_28_points_at_the_attribute(string attribute, string start) =>
        AssertSingleError(Declaration(attribute), "ATTN0007", $"{start}, above the limit of 268435456: {SampleReason}");

    [Theory]
    [InlineData("DModel = 65536, Heads = 8, SeqLen = 1")]
    [InlineData("DModel = 1024, Heads = 16, SeqLen = 4096")]
    [InlineData("DModel = 64, Heads = 1, SeqLen = 65536, KvSeqLen = 4096")]
    public void ATTN0007_sizes_at_the_limits_are_accepted(string arguments)
    {
        DiagnosticRun run = DiagnosticRun.Of(Declaration($"MultiHeadAttention({arguments})"));

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Single(run.GeneratedSources);
        Assert.Empty(run.WarningsAndErrors());
    }

    // ----- ATTN0008: head size not a multiple of 8 (Info, still generated) -----------------------

    [Theory]
    [InlineData("MultiHeadAttention(DModel = 36, Heads = [|3|], SeqLen = 5)", "HeadDim 12", "16 lanes, so 25%")]
    [InlineData("MultiHeadAttention(DModel = 5, Heads = [|5|], SeqLen = 2, KvSeqLen = 3)", "HeadDim 1", "8 lanes, so 87%")]
    [InlineData("MultiHeadAttention(DModel = 36, Heads = [|3|], SeqLen = 5, KvSeqLen = 11, Mask = AttentionMask.KeyPadding | AttentionMask.Explicit)", "HeadDim 12", "16 lanes, so 25%")]
    public void ATTN0008_padded_head_is_info_at_the_Heads_value_and_code_is_generated(string attribute, string headDim, string padding)
    {
        MarkedSource marked = MarkedSource.Parse(Declaration(attribute));
        DiagnosticRun run = DiagnosticRun.Of(marked.Source);

        Diagnostic info = run.Single("ATTN0008");
        run.AssertIds("ATTN0008");
        Assert.Equal(DiagnosticSeverity.Info, info.Severity);
        Assert.False(info.IsSuppressed);
        Assert.Equal(
            $"{headDim} is not a multiple of 8: each head is padded to {padding} of the attention-score and context arithmetic is spent on padding",
            DiagnosticRun.Message(info));
        Assert.Equal(marked.Span, info.Location.SourceSpan);
        Assert.Equal(marked.SpanText, run.SpanText(info));

        Assert.Single(run.GeneratedSources);
        Diagnostic[] bad = run.WarningsAndErrors();
        Assert.True(bad.Length == 0, DiagnosticRun.Describe(bad));
    }

    [Fact]
    public void ATTN0008_is_suppressed_by_pragma_warning_disable()
    {
        // Generator diagnostics never appear in Compilation.GetDiagnostics(); the driver filters them (options,
        // #pragma, [SuppressMessage]) and returns them from RunGeneratorsAndUpdateCompilation. A #pragma only
        // applies to a diagnostic whose location is in a syntax tree of the compilation.
        DiagnosticRun run = DiagnosticRun.Of("""
            using AttnGen;

            namespace Demo;

            #pragma warning disable ATTN0008
            [MultiHeadAttention(DModel = 36, Heads = 3, SeqLen = 5)]
            public partial class Block
            {
            }
            #pragma warning restore ATTN0008
            """);

        Diagnostic[] reported = run.Reported.Where(d => d.Id == "ATTN0008").ToArray();
        Assert.True(reported.Length == 0,
            "#pragma warning disable ATTN0008 did not suppress it: " + DiagnosticRun.Describe(reported) +
            $" (location kind {reported.FirstOrDefault()?.Location.Kind})");
        Assert.Single(run.GeneratedSources);
    }

    [Fact]
    public void ATTN0008_is_suppressed_by_project_wide_NoWarn()
    {
        DiagnosticRun run = DiagnosticRun.Of(
            Declaration("MultiHeadAttention(DModel = 36, Heads = 3, SeqLen = 5)"),
            options => options.WithSpecificDiagnosticOptions([new("ATTN0008", ReportDiagnostic.Suppress)]));

        Assert.DoesNotContain(run.Reported, d => d.Id == "ATTN0008");
        Assert.Single(run.GeneratedSources);
    }

    [Theory]
    [InlineData("using AttnGen;", "AttnGen.MultiHeadAttention")]
    [InlineData("using AttnGen;", "MultiHeadAttentionAttribute")]
    [InlineData("using AttnGen;", "global::AttnGen.MultiHeadAttentionAttribute")]
    [InlineData("using AttnGen;\nusing Mha = AttnGen.MultiHeadAttentionAttribute;", "Mha")]
    public void Locations_do_not_depend_on_how_the_attribute_is_spelled(string usings, string attributeName) =>
        AssertSingleError(
            $$"""
            {{usings}}

            namespace Demo;

            [{{attributeName}}(DModel = 64, Heads = [|3|], SeqLen = 16)]
            public partial class Block
            {
            }
            """,
            "ATTN0005", "DModel 64 is not divisible by Heads 3; each head gets DModel / Heads dimensions");

    [Fact]
    public void Diagnostics_are_reported_in_the_declaration_syntax_tree()
    {
        // A location in the user's syntax tree (LocationKind.SourceFile), not a file path only (ExternalFile):
        // that is what makes #pragma work, and what IDEs use to squiggle the right document.
        DiagnosticRun run = DiagnosticRun.Of(Declaration("MultiHeadAttention(DModel = 36, Heads = 3, SeqLen = 5)"));

        Diagnostic info = run.Single("ATTN0008");
        Assert.Equal(LocationKind.SourceFile, info.Location.Kind);
        Assert.Same(run.Input.SyntaxTrees.Single(t => t.FilePath == DiagnosticRun.FilePath), info.Location.SourceTree);
    }

    [Fact]
    public void An_invalid_target_reports_no_ATTN0008_for_code_it_does_not_generate()
    {
        // ATTN0008 describes the generated code's padding; a class that gets no code should get only its error.
        DiagnosticRun run = DiagnosticRun.Of("""
            using AttnGen;

            namespace Demo;

            [MultiHeadAttention(DModel = 36, Heads = 3, SeqLen = 5)]
            public class Block
            {
            }
            """);

        run.AssertIds("ATTN0001");
        Assert.Empty(run.GeneratedSources);
    }

    // ----- ATTN0009: static class ----------------------------------------------------------------

    [Fact]
    public void ATTN0009_static_class_points_at_the_class_identifier() =>
        AssertSingleError(
            $$"""
            using AttnGen;

            namespace Demo;

            [MultiHeadAttention({{ValidSizes}})]
            public static partial class [|Block|]
            {
            }
            """,
            "ATTN0009",
            "'Block' is static; the generated block is an instance that owns its scratch memory, so declare a non-static class");

    // ----- Helpers -------------------------------------------------------------------------------

    /// <summary>A declaration file with <paramref name="attribute"/> (without brackets) on <c>public partial class Block</c>.</summary>
    internal static string Declaration(string attribute) => $$"""
        using AttnGen;

        namespace Demo;

        [{{attribute}}]
        public partial class Block
        {
        }
        """;

    /// <summary>
    /// The generator reports exactly one diagnostic, <paramref name="id"/>, an Error with this message at the
    /// marked span; it generates nothing; and the compiler has nothing else to say about the user's code.
    /// </summary>
    private static void AssertSingleError(string markedSource, string id, string message)
    {
        MarkedSource marked = MarkedSource.Parse(markedSource);
        DiagnosticRun run = DiagnosticRun.Of(marked.Source);

        Diagnostic diagnostic = run.Single(id);
        run.AssertIds(id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(message, DiagnosticRun.Message(diagnostic));
        Assert.Equal(marked.SpanText, run.SpanText(diagnostic));
        Assert.Equal(marked.Span, diagnostic.Location.SourceSpan);
        Assert.Equal($"docs/diagnostics/{id}.md", diagnostic.Descriptor.HelpLinkUri);
        Assert.True(File.Exists(Path.Combine(TestPaths.RepositoryRoot, diagnostic.Descriptor.HelpLinkUri)), $"no page {diagnostic.Descriptor.HelpLinkUri}");

        Assert.Empty(run.GeneratedSources);
        Diagnostic[] other = run.WarningsAndErrors(except: id);
        Assert.True(other.Length == 0, "Unexpected diagnostics besides " + id + ":" + Environment.NewLine + DiagnosticRun.Describe(other));
    }
}
