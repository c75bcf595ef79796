using AttnGen.Generator.Tests;
using AttnGen.Generator.Tests.Incrementality;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AttnGen.Benchmarks.Suites;

/// <summary>
/// The generator's cost on a project of twenty blocks of all six kinds (<see cref="TwentyDeclarations"/>): in a warm
/// driver per keystroke in one declaration (that block re-emitted, the others cached) and per keystroke in an
/// unrelated file (everything cached), and cold, as a build's first run. Each edit swaps in a tree parsed beforehand,
/// so the times are the generator driver's alone, not the parser's; the next edit swaps it back, so every call is a
/// real change.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory(Category)]
public class GeneratorBenchmarks
{
    public const string Category = "Generator";

    private const string UnrelatedSource = """
        namespace Demo.Other;

        // A comment the edit rewrites.
        public static class Helpers
        {
            public static int Twice(int x) => 2 * x;
        }
        """;

    private CSharpCompilation _compilation = null!;
    private GeneratorDriver _driver = null!;
    private SyntaxTree[] _declarationVersions = null!;
    private SyntaxTree[] _unrelatedVersions = null!;

    [GlobalSetup]
    public void SetUp()
    {
        _compilation = GeneratorHarness.Compile([.. TwentyDeclarations.Sources, UnrelatedSource]);
        SyntaxTree declaration = _compilation.SyntaxTrees.ElementAt(TwentyDeclarations.EditedIndex);
        _declarationVersions = [declaration, TreeEdit.Replace(declaration, TwentyDeclarations.SeqLenBefore, TwentyDeclarations.SeqLenAfter)];
        SyntaxTree unrelated = _compilation.SyntaxTrees.Last();
        _unrelatedVersions = [unrelated, TreeEdit.Replace(unrelated, "A comment the edit rewrites.", "The comment, rewritten.")];
        _driver = Checked(GeneratorHarness.CreateDriver().RunGenerators(_compilation));
    }

    [Benchmark(Description = "warm driver: edit one of 20 declarations")]
    public GeneratorDriver EditOneDeclaration() => Edit(_declarationVersions);

    [Benchmark(Description = "warm driver: edit an unrelated file")]
    public GeneratorDriver EditUnrelatedFile() => Edit(_unrelatedVersions);

    /// <summary>
    /// A new driver on a clone of the compilation, which shares no bound symbol with the warm one; the references'
    /// metadata is loaded already, as in a compiler server or an IDE.
    /// </summary>
    [Benchmark(Description = "cold driver: 20 declarations")]
    public GeneratorDriver Cold() => GeneratorHarness.CreateDriver().RunGenerators(_compilation.Clone());

    /// <summary>A new compilation with the other version of the edited tree, run through the warm driver.</summary>
    private GeneratorDriver Edit(SyntaxTree[] versions)
    {
        (SyntaxTree current, SyntaxTree next) = _compilation.ContainsSyntaxTree(versions[0])
            ? (versions[0], versions[1])
            : (versions[1], versions[0]);
        _compilation = _compilation.ReplaceSyntaxTree(current, next);
        _driver = _driver.RunGenerators(_compilation);
        return _driver;
    }

    /// <summary>Refuses to time a run that failed or dropped a block: it would be fast for the wrong reason.</summary>
    private static GeneratorDriver Checked(GeneratorDriver driver)
    {
        GeneratorRunResult result = driver.GetRunResult().Results.Single();
        if (result.Exception is not null || result.GeneratedSources.Length != TwentyDeclarations.Sources.Count)
        {
            throw new InvalidOperationException(
                $"The generator made {result.GeneratedSources.Length} files of {TwentyDeclarations.Sources.Count}: {result.Exception}");
        }

        return driver;
    }
}
