using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AttnGen.Generator.Tests.Incrementality;

/// <summary>
/// What the generator benchmarks' warm edit relies on: in a project of twenty blocks, editing one declaration runs one
/// emitter, for that block; the other nineteen are served from the cache and their files keep their text.
/// </summary>
public sealed class OneEditOfTwentyTests
{
    [Fact]
    public void Editing_one_of_twenty_declarations_re_emits_only_that_one()
    {
        CSharpCompilation compilation = GeneratorHarness.Compile([.. TwentyDeclarations.Sources]);
        GeneratorDriver driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation);
        GeneratorRunResult first = driver.GetRunResult().Results.Single();
        Assert.Null(first.Exception);
        (object Value, IncrementalStepRunReason Reason)[] firstEmitted = Emitted(first);
        Assert.Equal(20, firstEmitted.Length);
        Assert.Equal(20, first.GeneratedSources.Length); // all six kinds valid: nothing was dropped with a diagnostic

        SyntaxTree tree = compilation.SyntaxTrees.ElementAt(TwentyDeclarations.EditedIndex);
        compilation = compilation.ReplaceSyntaxTree(tree,
            TreeEdit.Replace(tree, TwentyDeclarations.SeqLenBefore, TwentyDeclarations.SeqLenAfter));
        driver = driver.RunGenerators(compilation);
        GeneratorRunResult second = driver.GetRunResult().Results.Single();
        Assert.Null(second.Exception);

        (object Value, IncrementalStepRunReason Reason)[] emitted = Emitted(second);
        Assert.Equal(20, emitted.Length);
        (object Value, IncrementalStepRunReason Reason) reEmitted = Assert.Single(emitted,
            output => output.Reason is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));
        Assert.True(reEmitted.Reason is IncrementalStepRunReason.New or IncrementalStepRunReason.Modified, reEmitted.Reason.ToString());
        Assert.Equal(TwentyDeclarations.EditedHintName, ((GeneratedFile)reEmitted.Value).TypeName + ".g.cs");

        // Not merely equal: the nineteen cached outputs are the first run's own objects, so no emitter ran for them.
        var firstValues = new HashSet<object>(firstEmitted.Select(output => output.Value), ReferenceEqualityComparer.Instance);
        Assert.All(emitted.Where(output => output.Value != reEmitted.Value), output => Assert.Contains(output.Value, firstValues));

        Dictionary<string, string> before = Texts(first);
        Dictionary<string, string> after = Texts(second);
        Assert.Equal(before.Keys.Order(StringComparer.Ordinal), after.Keys.Order(StringComparer.Ordinal));
        Assert.All(before.Keys.Where(hint => hint != TwentyDeclarations.EditedHintName), hint => Assert.Equal(before[hint], after[hint]));
        Assert.Contains("public const int SeqLen = 16;", before[TwentyDeclarations.EditedHintName], StringComparison.Ordinal);
        Assert.Contains("public const int SeqLen = 32;", after[TwentyDeclarations.EditedHintName], StringComparison.Ordinal);
    }

    private static (object Value, IncrementalStepRunReason Reason)[] Emitted(GeneratorRunResult result) =>
        result.TrackedSteps[AttentionGenerator.TrackingNames.Emitted].SelectMany(step => step.Outputs).ToArray();

    private static Dictionary<string, string> Texts(GeneratorRunResult result) =>
        result.GeneratedSources.ToDictionary(source => source.HintName, source => source.SourceText.ToString());
}
