using AttnGen.Testing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AttnGen.Generator.Tests.Diagnostics;

/// <summary>
/// One declaration file of the corpus (<c>Corpus/Declarations.txt</c>): its title, its source with the diagnostics it
/// expects, and how it is compiled. The file's header says how cases are written.
/// </summary>
internal sealed record CorpusCase(string Title, DiagnosticMarkup Markup)
{
    private const string CaseStart = "#### ";
    private const string DebugSuffix = "(Debug build)";

    /// <summary>The rest of every case's project, as implicit usings would give it.</summary>
    public const string GlobalUsings = "global using AttnGen;\nglobal using System;\n";

    public static IReadOnlyList<CorpusCase> All { get; } = Load(
        Path.Combine(TestPaths.RepositoryRoot, "tests", "AttnGen.Generator.Tests", "Diagnostics", "Corpus", "Declarations.txt"));

    /// <summary>Whether the case expects nothing but the generator's Infos (ATTN0008, ATTN0014): it must then compile cleanly and run.</summary>
    public bool IsValid => Markup.Expected.All(d => d.Id is "ATTN0008" or "ATTN0014");

    public bool IsDebugBuild => Title.EndsWith(DebugSuffix, StringComparison.Ordinal);

    public CSharpCompilationOptions Options(CSharpCompilationOptions options) =>
        IsDebugBuild ? options.WithOptimizationLevel(OptimizationLevel.Debug) : options;

    public static CorpusCase Get(string title) => All.Single(c => c.Title == title);

    public override string ToString() => Title;

    private static List<CorpusCase> Load(string path)
    {
        var cases = new List<CorpusCase>();
        string? title = null;
        var lines = new List<string>();
        foreach (string line in File.ReadAllLines(path).Append(CaseStart + "end"))
        {
            if (!line.StartsWith(CaseStart, StringComparison.Ordinal))
            {
                lines.Add(line);
                continue;
            }

            if (title is not null)
            {
                cases.Add(new CorpusCase(title, DiagnosticMarkup.Parse(string.Join("\n", lines).Trim() + "\n")));
            }

            title = line[CaseStart.Length..].Trim();
            lines.Clear();
        }

        return cases;
    }
}
