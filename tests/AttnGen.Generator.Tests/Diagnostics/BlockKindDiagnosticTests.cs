using Microsoft.CodeAnalysis;

namespace AttnGen.Generator.Tests.Diagnostics;

/// <summary>
/// The diagnostics of the block kinds beyond attention: the ids they add (ATTN0010–ATTN0013), the shared rules as
/// each kind applies them, and valid declarations of every kind compiling with no warning at the highest level.
/// </summary>
public sealed class BlockKindDiagnosticTests
{
    private const string Encoder = "DModel = 64, Heads = 4, Hidden = 256, SeqLen = 16";
    private const string Decoder = "DModel = 64, Heads = 4, Hidden = 256, SeqLen = 16, MemorySeqLen = 9";
    private const string Embeddings = "VocabSize = 100, MaxPositions = 32, TypeVocabSize = 2, DModel = 64, SeqLen = 16";

    // ----- ATTN0010: LayerNormEps must be set ----------------------------------------------------

    [Theory]
    [InlineData("TransformerEncoderLayer", Encoder)]
    [InlineData("TransformerDecoderLayer", Decoder)]
    [InlineData("BertEmbeddings", Embeddings)]
    public void ATTN0010_missing_eps_points_at_the_attribute(string attribute, string sizes) =>
        AssertSingleError($"[|{attribute}({sizes})|]", "ATTN0010",
            "LayerNormEps is not set; write the epsilon the checkpoint was trained with (PyTorch's default is 1e-5, BERT's 1e-12), as a positive finite value");

    [Theory]
    [InlineData("0", "is 0")]
    [InlineData("-1e-5", "is -1E-05")]
    [InlineData("double.PositiveInfinity", "is Infinity")]
    [InlineData("double.NaN", "is NaN")]
    [InlineData("1e-50", "is 1E-50, which is 0 in float32")]
    public void ATTN0010_bad_eps_points_at_the_value(string eps, string problem) =>
        AssertSingleError($"TransformerEncoderLayer({Encoder}, LayerNormEps = [|{eps}|])", "ATTN0010",
            $"LayerNormEps {problem}; write the epsilon the checkpoint was trained with (PyTorch's default is 1e-5, BERT's 1e-12), as a positive finite value");

    // ----- ATTN0011: undefined activation --------------------------------------------------------

    [Theory]
    [InlineData("FeedForward(DModel = 64, Hidden = 256, Activation = [|(Activation)7|])", "7")]
    [InlineData("TransformerEncoderLayer(" + Encoder + ", LayerNormEps = 1e-5, Activation = [|(Activation)(-1)|])", "-1")]
    [InlineData("TransformerDecoderLayer(" + Decoder + ", LayerNormEps = 1e-5, Activation = [|(Activation)3|])", "3")]
    public void ATTN0011_undefined_activation_points_at_the_value(string attribute, string value) =>
        AssertSingleError(attribute, "ATTN0011",
            $"Activation value {value} is not defined; use Activation.Gelu, Activation.GeluTanh or Activation.Relu");

    // ----- ATTN0012: one block per class ---------------------------------------------------------

    [Fact]
    public void ATTN0012_two_block_attributes_are_reported_on_each()
    {
        DiagnosticRun run = DiagnosticRun.Of("""
            using AttnGen;

            namespace Demo;

            [MultiHeadAttention(DModel = 64, Heads = 4, SeqLen = 16)]
            [FeedForward(DModel = 64, Hidden = 256)]
            public partial class Block
            {
            }
            """);

        run.AssertGeneratorDidNotCrash();
        Diagnostic[] reported = run.Reported.Where(d => d.Id == "ATTN0012").OrderBy(d => d.Location.SourceSpan.Start).ToArray();
        Assert.Equal(
            ["'Block' carries both [MultiHeadAttention] and [FeedForward]; each generates its own members, so declare each block on its own class",
             "'Block' carries both [FeedForward] and [MultiHeadAttention]; each generates its own members, so declare each block on its own class"],
            reported.Select(DiagnosticRun.Message));
        Assert.Equal(["MultiHeadAttention(DModel = 64, Heads = 4, SeqLen = 16)", "FeedForward(DModel = 64, Hidden = 256)"], reported.Select(run.SpanText));
        Assert.Empty(run.GeneratedSources);
    }

    // ----- ATTN0013: SeqLen above MaxPositions ---------------------------------------------------

    [Fact]
    public void ATTN0013_sequence_longer_than_the_position_table_points_at_SeqLen() =>
        AssertSingleError("BertEmbeddings(VocabSize = 100, MaxPositions = 32, TypeVocabSize = 2, DModel = 64, SeqLen = [|33|], LayerNormEps = 1e-12)",
            "ATTN0013", "SeqLen 33 is larger than MaxPositions 32: position ids run 0…SeqLen-1 and must have a row in the position-embedding table");

    // ----- Shared rules, as the new kinds apply them ---------------------------------------------

    [Theory]
    [InlineData("FeedForward(DModel = 64, Hidden = [|0|])", "ATTN0004", "Hidden must be set to a positive value, but it is 0")]
    [InlineData("[|FeedForward(DModel = 64)|]", "ATTN0004", "Hidden must be set to a positive value, but it is not set")]
    [InlineData("TransformerEncoderLayer(DModel = 64, Heads = 4, Hidden = [|-3|], SeqLen = 16, LayerNormEps = 1e-5)", "ATTN0004", "Hidden must be set to a positive value, but it is -3")]
    [InlineData("TransformerDecoderLayer(DModel = 64, Heads = 4, Hidden = 256, SeqLen = 16, MemorySeqLen = [|0|], LayerNormEps = 1e-5)", "ATTN0004", "MemorySeqLen must be set to a positive value, but it is 0")]
    [InlineData("BertEmbeddings(VocabSize = 100, MaxPositions = 32, TypeVocabSize = [|0|], DModel = 64, SeqLen = 16, LayerNormEps = 1e-12)", "ATTN0004", "TypeVocabSize must be set to a positive value, but it is 0")]
    [InlineData("SinusoidalPositionalEncoding(MaxLength = [|0|], DModel = 64)", "ATTN0004", "MaxLength must be set to a positive value, but it is 0")]
    [InlineData("TransformerEncoderLayer(DModel = 64, Heads = [|5|], Hidden = 256, SeqLen = 16, LayerNormEps = 1e-5)", "ATTN0005", "DModel 64 is not divisible by Heads 5; each head gets DModel / Heads dimensions")]
    [InlineData("TransformerDecoderLayer(DModel = 30, Heads = [|4|], Hidden = 64, SeqLen = 7, MemorySeqLen = 9, LayerNormEps = 1e-5)", "ATTN0005", "DModel 30 is not divisible by Heads 4; each head gets DModel / Heads dimensions")]
    [InlineData("TransformerEncoderLayer(" + Encoder + ", LayerNormEps = 1e-5, Mask = [|(AttentionMask)8|])", "ATTN0006", "Mask value 8 contains undefined flags; combine only None, Causal, KeyPadding and Explicit")]
    [InlineData("FeedForward(DModel = 65536, Hidden = [|65537|])", "ATTN0007", "Hidden is 65537, above the limit of 65536: every size is limited so that the generated index arithmetic cannot overflow")]
    [InlineData("[|FeedForward(DModel = 65536, Hidden = 65536)|]", "ATTN0007", "Hidden × DModel (one feed-forward weight matrix) is 4294967296, above the limit of 268435456: one sample's array must stay far inside int range so that batch offsets cannot overflow")]
    [InlineData("[|SinusoidalPositionalEncoding(MaxLength = 4096, DModel = 1024)|]", "ATTN0007", "MaxLength × DModel (the table's entries) is 4194304, above the limit of 1048576: the table is emitted as source text, and a larger one would bloat every build")]
    public void Shared_rules_apply_to_every_kind(string attribute, string id, string message) =>
        AssertSingleError(attribute, id, message);

    [Fact]
    public void Static_class_is_an_error_for_instance_blocks_but_fine_for_the_positional_encoding()
    {
        DiagnosticRun instance = DiagnosticRun.Of("""
            using AttnGen;
            [FeedForward(DModel = 8, Hidden = 16)]
            public static partial class Block;
            """);
        instance.AssertIds("ATTN0009");

        DiagnosticRun table = DiagnosticRun.Of("""
            using AttnGen;
            [SinusoidalPositionalEncoding(MaxLength = 4, DModel = 6)]
            public static partial class Encoding;
            """);
        Assert.Empty(table.WarningsAndErrors());
        Assert.Single(table.GeneratedSources);
    }

    // ----- Valid declarations --------------------------------------------------------------------

    [Theory]
    [InlineData("FeedForward(DModel = 64, Hidden = 256)")]
    [InlineData("FeedForward(DModel = 5, Hidden = 3, Activation = Activation.Relu, Bias = false)")]
    [InlineData("FeedForward(DModel = 30, Hidden = 100, Activation = Activation.GeluTanh)")]
    [InlineData("TransformerEncoderLayer(" + Encoder + ", LayerNormEps = 1e-5)")]
    [InlineData("TransformerEncoderLayer(DModel = 36, Heads = 3, Hidden = 50, SeqLen = 7, LayerNormEps = 1e-12, Mask = AttentionMask.Causal | AttentionMask.KeyPadding | AttentionMask.Explicit, NormFirst = true, Activation = Activation.Relu)")]
    [InlineData("TransformerEncoderLayer(DModel = 8, Heads = 1, Hidden = 8, SeqLen = 1, LayerNormEps = 1)")]
    [InlineData("TransformerDecoderLayer(" + Decoder + ", LayerNormEps = 1e-5)")]
    [InlineData("TransformerDecoderLayer(DModel = 20, Heads = 5, Hidden = 33, SeqLen = 3, MemorySeqLen = 1, LayerNormEps = 1e-5, NormFirst = true, Activation = Activation.GeluTanh)")]
    [InlineData("BertEmbeddings(" + Embeddings + ", LayerNormEps = 1e-12)")]
    [InlineData("BertEmbeddings(VocabSize = 1, MaxPositions = 3, TypeVocabSize = 1, DModel = 13, SeqLen = 3, LayerNormEps = 1e-12)")]
    [InlineData("SinusoidalPositionalEncoding(MaxLength = 50, DModel = 64)")]
    [InlineData("SinusoidalPositionalEncoding(MaxLength = 3, DModel = 7)")]
    public void Valid_declarations_compile_without_warnings_or_errors(string attribute)
    {
        DiagnosticRun run = DiagnosticRun.Of($$"""
            using AttnGen;

            namespace Demo;

            [{{attribute}}]
            public partial class Block
            {
            }
            """);

        Diagnostic[] bad = run.WarningsAndErrors();
        Assert.True(bad.Length == 0, $"Expected no warnings or errors, got:{Environment.NewLine}{DiagnosticRun.Describe(bad)}");
        Assert.All(run.GeneratorDiagnostics, d => Assert.Equal("ATTN0008", d.Id));
        Assert.Single(run.GeneratedSources);
    }

    /// <summary>Declares <c>Block</c> with <paramref name="markedAttribute"/> and expects exactly one error, at the marked span (the whole attribute when unmarked).</summary>
    private static void AssertSingleError(string markedAttribute, string id, string message)
    {
        string attribute = markedAttribute.Contains("[|", StringComparison.Ordinal) ? markedAttribute : "[|" + markedAttribute + "|]";
        MarkedSource marked = MarkedSource.Parse($$"""
            using AttnGen;

            namespace Demo;

            [{{attribute}}]
            public partial class Block
            {
            }
            """);
        DiagnosticRun run = DiagnosticRun.Of(marked.Source);

        run.AssertGeneratorDidNotCrash();
        Diagnostic diagnostic = run.Single(id);
        run.AssertIds(id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(message, DiagnosticRun.Message(diagnostic));
        Assert.Equal(marked.Span, diagnostic.Location.SourceSpan);
        Assert.Empty(run.GeneratedSources);
    }
}
