using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AttnGen.Generator.Tests.Diagnostics;

/// <summary>
/// One generator run over a declaration file with a real path (as in a build, where a diagnostic's file is
/// known), with helpers that find a diagnostic and read the source text its location points at.
/// </summary>
internal sealed class DiagnosticRun
{
    public const string FilePath = "/src/Declarations.cs";

    private DiagnosticRun(CSharpCompilation input, Compilation output, ImmutableArray<Diagnostic> generatorDiagnostics, GeneratorDriverRunResult result)
    {
        Input = input;
        Output = output;
        GeneratorDiagnostics = generatorDiagnostics;
        Result = result;
    }

    public CSharpCompilation Input { get; }

    public Compilation Output { get; }

    /// <summary>The generator's diagnostics after the driver's filtering (severity options, pragmas, suppressions).</summary>
    public ImmutableArray<Diagnostic> GeneratorDiagnostics { get; }

    public GeneratorDriverRunResult Result { get; }

    /// <summary>The generator's diagnostics that are not suppressed.</summary>
    public ImmutableArray<Diagnostic> Reported => GeneratorDiagnostics.Where(d => !d.IsSuppressed).ToImmutableArray();

    public IEnumerable<GeneratedSourceResult> GeneratedSources => Result.Results.SelectMany(r => r.GeneratedSources);

    /// <summary>Runs the generator over <paramref name="source"/> (at <see cref="FilePath"/>) at the SDK's warning level.</summary>
    /// <param name="options">Changes to the compilation options, such as a project-wide NoWarn.</param>
    /// <param name="projectFiles">Other files of the project, such as its global usings.</param>
    public static DiagnosticRun Of(string source, Func<CSharpCompilationOptions, CSharpCompilationOptions>? options = null, params string[] projectFiles)
    {
        CSharpCompilation input = GeneratorHarness.Compile(projectFiles)
            .AddSyntaxTrees(CSharpSyntaxTree.ParseText(source, GeneratorHarness.ParseOptions, FilePath));
        input = input.WithOptions((options ?? (o => o))(input.Options.WithWarningLevel(9999)));
        GeneratorDriver driver = GeneratorHarness.CreateDriver()
            .RunGeneratorsAndUpdateCompilation(input, out Compilation output, out ImmutableArray<Diagnostic> diagnostics);
        var run = new DiagnosticRun(input, output, diagnostics, driver.GetRunResult());
        run.AssertGeneratorDidNotCrash();
        return run;
    }

    /// <summary>No exception in the generator (CS8785 from the driver, AD0001 from an analyzer host) anywhere.</summary>
    public void AssertGeneratorDidNotCrash()
    {
        Assert.All(Result.Results, r => Assert.True(r.Exception is null, $"The generator threw: {r.Exception}"));
        IEnumerable<Diagnostic> all = GeneratorDiagnostics.Concat(Result.Diagnostics).Concat(Output.GetDiagnostics());
        Diagnostic[] crashes = all.Where(d => d.Id is "CS8785" or "AD0001").ToArray();
        Assert.True(crashes.Length == 0, "The generator crashed: " + string.Join(Environment.NewLine, crashes.Select(d => d.ToString())));
    }

    /// <summary>The only generator diagnostic with <paramref name="id"/>; fails if there is none or more than one.</summary>
    public Diagnostic Single(string id)
    {
        Diagnostic[] matching = GeneratorDiagnostics.Where(d => d.Id == id).ToArray();
        Assert.True(matching.Length == 1,
            $"Expected exactly one {id}, got {matching.Length}. All generator diagnostics:{Environment.NewLine}{Describe(GeneratorDiagnostics)}");
        return matching[0];
    }

    /// <summary>The generator reported exactly these ids (in any order), nothing else.</summary>
    public void AssertIds(params string[] ids) =>
        Assert.True(
            ids.Order(StringComparer.Ordinal).SequenceEqual(GeneratorDiagnostics.Select(d => d.Id).Order(StringComparer.Ordinal)),
            $"Expected [{string.Join(", ", ids)}], got:{Environment.NewLine}{Describe(GeneratorDiagnostics)}");

    /// <summary>
    /// The text of the declaration file that <paramref name="diagnostic"/> points at. Resolves the file by path,
    /// so it works for in-source and for file-path-only (external) locations alike.
    /// </summary>
    public string SpanText(Diagnostic diagnostic)
    {
        Location location = diagnostic.Location;
        Assert.True(location != Location.None, $"{diagnostic.Id} has no location: {diagnostic}");
        FileLinePositionSpan lines = location.GetLineSpan();
        SyntaxTree tree = location.SourceTree ?? Input.SyntaxTrees.Single(t => t.FilePath == lines.Path);
        Assert.Equal(FilePath, tree.FilePath);

        // The line/column span must agree with the character span, or IDEs and build logs point elsewhere.
        Assert.Equal(tree.GetText().Lines.GetLinePositionSpan(location.SourceSpan), lines.Span);
        return tree.GetText().ToString(location.SourceSpan);
    }

    public static string Message(Diagnostic diagnostic) => diagnostic.GetMessage(CultureInfo.InvariantCulture);

    /// <summary>Warnings and errors, generator's and compiler's, except the ids listed.</summary>
    public Diagnostic[] WarningsAndErrors(params string[] except) =>
        GeneratorDiagnostics.Concat(Output.GetDiagnostics())
            .Where(d => d.Severity >= DiagnosticSeverity.Warning && !d.IsSuppressed && !except.Contains(d.Id))
            .ToArray();

    /// <summary>The first ten diagnostics, one a line, and how many more there are.</summary>
    public static string Describe(IEnumerable<Diagnostic> diagnostics)
    {
        Diagnostic[] all = diagnostics.ToArray();
        IEnumerable<string> lines = all.Take(10).Select(d => "  " + d);
        return string.Join(Environment.NewLine, all.Length > 10 ? lines.Append($"  … and {all.Length - 10} more") : lines);
    }
}
