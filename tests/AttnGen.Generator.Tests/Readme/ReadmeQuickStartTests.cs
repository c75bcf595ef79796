using System.Collections.Immutable;
using AttnGen.Testing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AttnGen.Generator.Tests.Readme;

/// <summary>The README's quick start is a whole <c>Program.cs</c>: pasted into a console project, it compiles cleanly.</summary>
public sealed class ReadmeQuickStartTests
{
    /// <summary>The global usings a console project's <c>ImplicitUsings</c> adds.</summary>
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    [Fact]
    public void The_quick_start_compiles_as_pasted_into_Program_cs()
    {
        string program = QuickStart(File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "README.md")));
        CSharpCompilation input = GeneratorHarness.Compile(ImplicitUsings, program);
        input = input.WithOptions(input.Options.WithOutputKind(OutputKind.ConsoleApplication));

        GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(input, out Compilation output, out ImmutableArray<Diagnostic> generator);

        Diagnostic[] problems = [.. generator.Concat(output.GetDiagnostics()).Where(d => d.Severity >= DiagnosticSeverity.Warning)];
        Assert.True(problems.Length == 0, "The quick start does not compile cleanly:" + Environment.NewLine
            + string.Join(Environment.NewLine, problems.Select(d => d.ToString())) + Environment.NewLine + program);
    }

    /// <summary>The first C# block after the "Quick start" heading.</summary>
    private static string QuickStart(string readme)
    {
        const string Fence = "```csharp\n";
        int section = readme.IndexOf("## Quick start", StringComparison.Ordinal);
        Assert.True(section >= 0, "README.md has no \"## Quick start\" section.");
        int start = readme.IndexOf(Fence, section, StringComparison.Ordinal) + Fence.Length;
        return readme[start..readme.IndexOf("```", start, StringComparison.Ordinal)];
    }
}
