using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AttnGen.Generator.Tests.Incrementality;

/// <summary>
/// The pipeline's caching contract: a second run, or an edit that does not change a declaration, leaves every
/// tracked step <c>Cached</c> or <c>Unchanged</c> (so nothing is re-emitted); a changed declaration re-emits.
/// </summary>
public sealed class IncrementalityTests
{
    // One declaration of every kind, one with a padded head (Info ATTN0008) so the Diagnostics step has an output too.
    private const string Declarations = """
        using AttnGen;

        namespace Demo;

        [FeedForward(DModel = 32, Hidden = 64)]
        public partial class FeedForwardBlock;

        [TransformerEncoderLayer(DModel = 32, Heads = 4, Hidden = 64, SeqLen = 8, LayerNormEps = 1e-5)]
        public partial class EncoderBlock;

        [TransformerDecoderLayer(DModel = 32, Heads = 4, Hidden = 64, SeqLen = 8, MemorySeqLen = 5, LayerNormEps = 1e-5)]
        public partial class DecoderBlock;

        [BertEmbeddings(VocabSize = 20, MaxPositions = 8, TypeVocabSize = 2, DModel = 32, SeqLen = 8, LayerNormEps = 1e-12)]
        public partial class EmbeddingsBlock;

        [SinusoidalPositionalEncoding(MaxLength = 8, DModel = 32)]
        public static partial class PositionsBlock;

        [CausalDecoderLayer(DModel = 32, Heads = 4, KvHeads = 2, Hidden = 64, MaxSeqLen = 8, NormEps = 1e-5, Norm = NormKind.RmsNorm,
            Ffn = FfnKind.SwiGlu, RotaryTheta = 10000)]
        public partial class CausalBlock;

        [MultiHeadAttention(DModel = 64, Heads = 4, SeqLen = 16, Mask = AttentionMask.Causal)]
        public partial class SelfBlock
        {
        }

        [MultiHeadAttention(DModel = 36, Heads = 3, SeqLen = 5, KvSeqLen = 11, Mask = AttentionMask.KeyPadding)]
        public partial class CrossBlock
        {
        }
        """;

    private const string Unrelated = """
        namespace Demo.Other;

        public static class Helpers
        {
            public static int Twice(int x) => 2 * x;
        }
        """;

    /// <summary>Every name in <see cref="AttentionGenerator.TrackingNames"/>, so a new step is covered automatically.</summary>
    public static IReadOnlyList<string> TrackingNames { get; } =
        typeof(AttentionGenerator.TrackingNames)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field.IsLiteral && field.FieldType == typeof(string))
            .Select(field => (string)field.GetRawConstantValue()!)
            .ToArray();

    [Fact]
    public void Tracking_names_cover_the_pipeline() =>
        Assert.Equal(["Diagnostics", "Emitted", "Parsed", "Specs"], TrackingNames.Order(StringComparer.Ordinal));

    /// <summary>The declarations hold every kind the generator registers, so that a new kind is tested here too.</summary>
    [Fact]
    public void Declarations_cover_every_block_kind()
    {
        foreach (IBlockKind kind in BlockKinds.All)
        {
            string name = kind.AttributeName["AttnGen.".Length..^"Attribute".Length];
            Assert.Contains("[" + name + "(", Declarations, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Second_run_on_the_same_compilation_is_fully_cached()
    {
        CSharpCompilation compilation = Compile(Declarations, Unrelated);
        GeneratorDriver driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation);
        AssertOutputsExist(driver.GetRunResult());
        string[] first = GeneratedTexts(driver);

        driver = driver.RunGenerators(compilation);

        AssertAllStepsCachedOrUnchanged(driver.GetRunResult());
        Assert.Equal(first, GeneratedTexts(driver));
    }

    [Fact]
    public void Adding_an_unrelated_syntax_tree_is_fully_cached()
    {
        CSharpCompilation compilation = Compile(Declarations, Unrelated);
        GeneratorDriver driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation);
        string[] first = GeneratedTexts(driver);

        compilation = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText(
            "namespace Demo.Other; public sealed class Added { public int Value { get; set; } }", GeneratorHarness.ParseOptions));
        driver = driver.RunGenerators(compilation);

        AssertAllStepsCachedOrUnchanged(driver.GetRunResult());
        Assert.Equal(first, GeneratedTexts(driver));
    }

    [Fact]
    public void Editing_an_unrelated_file_is_fully_cached()
    {
        CSharpCompilation compilation = Compile(Declarations, Unrelated);
        GeneratorDriver driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation);
        string[] first = GeneratedTexts(driver);

        compilation = Edit(compilation, compilation.SyntaxTrees.ElementAt(1), "2 * x", "x + x + 0");
        driver = driver.RunGenerators(compilation);

        AssertAllStepsCachedOrUnchanged(driver.GetRunResult());
        Assert.Equal(first, GeneratedTexts(driver));

        // And once more after a second, different edit: the cache keeps holding.
        compilation = Edit(compilation, compilation.SyntaxTrees.ElementAt(1), "public static class Helpers", "public static partial class Helpers");
        driver = driver.RunGenerators(compilation);

        AssertAllStepsCachedOrUnchanged(driver.GetRunResult());
        Assert.Equal(first, GeneratedTexts(driver));
    }

    [Fact]
    public void Editing_the_declaration_file_without_changing_a_declaration_does_not_re_emit()
    {
        CSharpCompilation compilation = Compile(Declarations, Unrelated);
        GeneratorDriver driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation);
        string[] first = GeneratedTexts(driver);

        // A member added to a declared class changes neither shape; the specs must compare equal.
        compilation = Edit(compilation, compilation.SyntaxTrees.First(), """
            public partial class SelfBlock
            {
            }
            """, """
            public partial class SelfBlock
            {
                public int Extra => 1;
            }
            """);
        driver = driver.RunGenerators(compilation);

        GeneratorRunResult result = driver.GetRunResult().Results.Single();
        AssertStepCachedOrUnchanged(result, AttentionGenerator.TrackingNames.Specs);
        Assert.Equal(first, GeneratedTexts(driver));
    }

    [Fact]
    public void Moving_a_declaration_changes_diagnostics_but_not_specs()
    {
        CSharpCompilation compilation = Compile(Declarations, Unrelated);
        GeneratorDriver driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation);
        string[] first = GeneratedTexts(driver);

        // Lines inserted above: the ATTN0008 location moves (Diagnostics re-runs), the code does not change.
        compilation = Edit(compilation, compilation.SyntaxTrees.First(), "namespace Demo;", "namespace Demo;\n\n// moved\n// down");
        driver = driver.RunGenerators(compilation);

        GeneratorRunResult result = driver.GetRunResult().Results.Single();
        AssertStepCachedOrUnchanged(result, AttentionGenerator.TrackingNames.Specs);
        Assert.Contains(
            result.TrackedSteps[AttentionGenerator.TrackingNames.Diagnostics].SelectMany(step => step.Outputs),
            output => output.Reason is IncrementalStepRunReason.Modified or IncrementalStepRunReason.New);
        Assert.Equal(first, GeneratedTexts(driver));
    }

    [Fact]
    public void Changing_a_declaration_re_emits_its_code()
    {
        CSharpCompilation compilation = Compile(Declarations, Unrelated);
        GeneratorDriver driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation);
        string before = GeneratedText(driver, "Demo.SelfBlock.g.cs");
        string otherBefore = GeneratedText(driver, "Demo.CrossBlock.g.cs");

        compilation = Edit(compilation, compilation.SyntaxTrees.First(), "Heads = 4, SeqLen = 16", "Heads = 4, SeqLen = 32");
        driver = driver.RunGenerators(compilation);

        GeneratorRunResult result = driver.GetRunResult().Results.Single();
        IncrementalStepRunReason[] specReasons = result.TrackedSteps[AttentionGenerator.TrackingNames.Specs]
            .SelectMany(step => step.Outputs).Select(output => output.Reason).ToArray();
        Assert.Contains(specReasons, reason => reason is IncrementalStepRunReason.Modified or IncrementalStepRunReason.New);

        string after = GeneratedText(driver, "Demo.SelfBlock.g.cs");
        Assert.NotEqual(before, after);
        Assert.Contains("public const int SeqLen = 32;", after, StringComparison.Ordinal);
        Assert.Contains("public const int SeqLen = 16;", before, StringComparison.Ordinal);
        Assert.Equal(otherBefore, GeneratedText(driver, "Demo.CrossBlock.g.cs"));
    }

    [Fact]
    public void Making_a_declaration_invalid_removes_its_code_and_reports()
    {
        CSharpCompilation compilation = Compile(Declarations, Unrelated);
        GeneratorDriver driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation);

        compilation = Edit(compilation, compilation.SyntaxTrees.First(), "Heads = 4, SeqLen = 16", "Heads = 3, SeqLen = 16");
        driver = driver.RunGenerators(compilation);

        GeneratorDriverRunResult run = driver.GetRunResult();
        string[] hints = run.Results.SelectMany(r => r.GeneratedSources).Select(s => s.HintName).ToArray();
        Assert.DoesNotContain("Demo.SelfBlock.g.cs", hints);
        Assert.Equal(7, hints.Length); // every other declaration, of every kind, still generates
        Assert.Contains(run.Diagnostics, d => d.Id == "ATTN0005");

        // And back: the code returns, identical to a fresh run's.
        compilation = Edit(compilation, compilation.SyntaxTrees.First(), "Heads = 3, SeqLen = 16", "Heads = 4, SeqLen = 16");
        driver = driver.RunGenerators(compilation);
        Assert.Equal(
            GeneratedTexts(GeneratorHarness.CreateDriver().RunGenerators(Compile(Declarations, Unrelated))),
            GeneratedTexts(driver));
    }

    // ----- Helpers -------------------------------------------------------------------------------

    private static CSharpCompilation Compile(params string[] sources) => GeneratorHarness.Compile(sources);

    private static CSharpCompilation Edit(CSharpCompilation compilation, SyntaxTree tree, string oldText, string newText) =>
        compilation.ReplaceSyntaxTree(tree, TreeEdit.Replace(tree, oldText, newText));

    private static void AssertOutputsExist(GeneratorDriverRunResult run)
    {
        GeneratorRunResult result = run.Results.Single();
        foreach (string name in TrackingNames)
        {
            Assert.True(result.TrackedSteps.ContainsKey(name), $"Step '{name}' was not tracked.");
            Assert.NotEmpty(result.TrackedSteps[name].SelectMany(step => step.Outputs));
        }
    }

    private static void AssertAllStepsCachedOrUnchanged(GeneratorDriverRunResult run)
    {
        GeneratorRunResult result = run.Results.Single();
        Assert.Null(result.Exception);
        foreach (string name in TrackingNames)
        {
            AssertStepCachedOrUnchanged(result, name);
        }
    }

    private static void AssertStepCachedOrUnchanged(GeneratorRunResult result, string name)
    {
        Assert.True(result.TrackedSteps.ContainsKey(name), $"Step '{name}' was not tracked.");
        (object Value, IncrementalStepRunReason Reason)[] outputs = result.TrackedSteps[name].SelectMany(step => step.Outputs).ToArray();
        Assert.NotEmpty(outputs);
        (object Value, IncrementalStepRunReason Reason)[] rerun = outputs
            .Where(output => output.Reason is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged))
            .ToArray();
        Assert.True(rerun.Length == 0,
            $"Step '{name}' has outputs that are not Cached/Unchanged: " +
            string.Join("; ", rerun.Select(output => $"{output.Reason}: {output.Value}")));
    }

    private static string[] GeneratedTexts(GeneratorDriver driver) =>
        driver.GetRunResult().Results.SelectMany(r => r.GeneratedSources)
            .OrderBy(s => s.HintName, StringComparer.Ordinal)
            .Select(s => s.HintName + "\n" + s.SourceText)
            .ToArray();

    private static string GeneratedText(GeneratorDriver driver, string hintName) =>
        driver.GetRunResult().Results.SelectMany(r => r.GeneratedSources).Single(s => s.HintName == hintName).SourceText.ToString();
}
