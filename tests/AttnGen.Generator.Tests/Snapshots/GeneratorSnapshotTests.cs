using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AttnGen.Generator.Tests.Snapshots;

/// <summary>
/// The generated code for a handful of declarations, compared with the checked-in files in
/// <c>Snapshots/Verified</c>. A failure shows the first differing line; to accept intended changes run
/// with <c>ATTNGEN_ACCEPT_SNAPSHOTS=1</c> and review the diff. Every output must also compile with no
/// errors and no warnings, at the warning level an SDK project uses.
/// </summary>
public sealed class GeneratorSnapshotTests
{
    [Fact]
    public void CausalSelfAttention() => Verify(nameof(CausalSelfAttention), """
        using AttnGen;

        namespace Demo.Models;

        [MultiHeadAttention(DModel = 64, Heads = 4, SeqLen = 16, Mask = AttentionMask.Causal)]
        public partial class CausalSelfAttention
        {
        }
        """, expectedHintNames: ["Demo.Models.CausalSelfAttention.g.cs"]);

    [Fact]
    public void CrossAttentionPaddedExplicit() => Verify(nameof(CrossAttentionPaddedExplicit), """
        using AttnGen;

        namespace Demo.Models
        {
            // HeadDim 12: not a multiple of 8, so each head is padded (Info ATTN0008, still generated).
            [MultiHeadAttention(DModel = 36, Heads = 3, SeqLen = 5, KvSeqLen = 11,
                Mask = AttentionMask.KeyPadding | AttentionMask.Explicit)]
            internal sealed partial class CrossAttention
            {
            }
        }
        """, expectedHintNames: ["Demo.Models.CrossAttention.g.cs"], expectedInfoIds: ["ATTN0008"]);

    [Fact]
    public void FeedForwardOddWidth() => Verify(nameof(FeedForwardOddWidth), """
        using AttnGen;

        namespace Demo.Models;

        // DModel 20 and Hidden 50: neither a multiple of 8, so rows are padded and y's rows copied out.
        [FeedForward(DModel = 20, Hidden = 50, Activation = Activation.GeluTanh)]
        public partial class OddFeedForward;
        """, expectedHintNames: ["Demo.Models.OddFeedForward.g.cs"]);

    [Fact]
    public void BertEncoderLayer() => Verify(nameof(BertEncoderLayer), """
        using AttnGen;

        namespace Demo.Models;

        [TransformerEncoderLayer(DModel = 64, Heads = 4, Hidden = 256, SeqLen = 16, LayerNormEps = 1e-12,
            Mask = AttentionMask.KeyPadding, Activation = Activation.Gelu)]
        public partial class EncoderLayer;
        """, expectedHintNames: ["Demo.Models.EncoderLayer.g.cs"]);

    [Fact]
    public void PreNormDecoderLayer() => Verify(nameof(PreNormDecoderLayer), """
        using AttnGen;

        namespace Demo.Models;

        [TransformerDecoderLayer(DModel = 32, Heads = 4, Hidden = 64, SeqLen = 7, MemorySeqLen = 9, LayerNormEps = 1e-5,
            Activation = Activation.Relu, NormFirst = true)]
        public partial class DecoderLayer;
        """, expectedHintNames: ["Demo.Models.DecoderLayer.g.cs"]);

    [Fact]
    public void CausalDecoderLayer() => Verify(nameof(CausalDecoderLayer), """
        using AttnGen;

        namespace Demo.Models;

        [CausalDecoderLayer(DModel = 40, Heads = 4, KvHeads = 2, Hidden = 36, MaxSeqLen = 12, NormEps = 1e-6, Norm = NormKind.RmsNorm,
            Ffn = FfnKind.SwiGlu, RotaryTheta = 10000, QkvBias = true)]
        public partial class LlamaLayer;
        """, expectedHintNames: ["Demo.Models.LlamaLayer.g.cs"], expectedInfoIds: ["ATTN0008"]);

    [Fact]
    public void BertEmbeddings() => Verify(nameof(BertEmbeddings), """
        using AttnGen;

        namespace Demo.Models;

        [BertEmbeddings(VocabSize = 50, MaxPositions = 16, TypeVocabSize = 2, DModel = 20, SeqLen = 8, LayerNormEps = 1e-12)]
        public partial class Embeddings;
        """, expectedHintNames: ["Demo.Models.Embeddings.g.cs"]);

    [Fact]
    public void PositionalEncoding() => Verify(nameof(PositionalEncoding), """
        using AttnGen;

        namespace Demo.Models;

        [SinusoidalPositionalEncoding(MaxLength = 4, DModel = 10)]
        public static partial class Positions;
        """, expectedHintNames: ["Demo.Models.Positions.g.cs"]);

    [Fact]
    public void NoBias() => Verify(nameof(NoBias), """
        using AttnGen;

        namespace Demo;

        [MultiHeadAttention(DModel = 32, Heads = 2, SeqLen = 8, Bias = false)]
        public partial class PlainAttention
        {
        }
        """, expectedHintNames: ["Demo.PlainAttention.g.cs"]);

    [Fact]
    public void GlobalNamespace() => Verify(nameof(GlobalNamespace), """
        using AttnGen;

        [MultiHeadAttention(DModel = 16, Heads = 2, SeqLen = 4, Mask = AttentionMask.Causal | AttentionMask.KeyPadding)]
        public partial class GlobalAttention
        {
        }
        """, expectedHintNames: ["GlobalAttention.g.cs"]);

    [Fact]
    public void NestedInPartialContainers() => Verify(nameof(NestedInPartialContainers), """
        using AttnGen;

        namespace Demo.Nested;

        public static partial class Outer
        {
            public sealed partial record Middle(int Id)
            {
                [MultiHeadAttention(DModel = 24, Heads = 3, SeqLen = 6, KvSeqLen = 6, Mask = AttentionMask.Explicit)]
                internal partial class Block
                {
                }
            }
        }
        """, expectedHintNames: ["Demo.Nested.Outer.Middle.Block.g.cs"]);

    private static void Verify(string testName, string source, string[] expectedHintNames, string[]? expectedInfoIds = null)
    {
        CSharpCompilation input = GeneratorHarness.Compile(source);
        input = input.WithOptions(input.Options.WithWarningLevel(9999));
        GeneratorDriver driver = GeneratorHarness.CreateDriver()
            .RunGeneratorsAndUpdateCompilation(input, out Compilation output, out ImmutableArray<Diagnostic> generatorDiagnostics);
        GeneratorDriverRunResult result = driver.GetRunResult();

        Assert.All(result.Results, r => Assert.Null(r.Exception));
        Assert.Equal(expectedHintNames, result.Results.SelectMany(r => r.GeneratedSources).Select(s => s.HintName).Order(StringComparer.Ordinal));
        Assert.Equal(
            expectedInfoIds ?? [],
            generatorDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Info).Select(d => d.Id).Order(StringComparer.Ordinal));
        AssertNoWarningsOrErrors(generatorDiagnostics, "generator");
        AssertNoWarningsOrErrors(output.GetDiagnostics(), "output compilation");

        SnapshotAssert.Match(testName, result);
    }

    private static void AssertNoWarningsOrErrors(ImmutableArray<Diagnostic> diagnostics, string what)
    {
        Diagnostic[] bad = diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).ToArray();
        Assert.True(bad.Length == 0,
            $"Expected no warnings or errors from the {what}, got {bad.Length}:{Environment.NewLine}" +
            string.Join(Environment.NewLine, bad.Take(20).Select(d => "  " + d)));
    }
}
