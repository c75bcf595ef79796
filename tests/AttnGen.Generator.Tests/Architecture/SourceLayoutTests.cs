using System.Text.RegularExpressions;
using AttnGen.Testing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AttnGen.Generator.Tests.Architecture;

/// <summary>
/// The generator's source tree keeps the shape docs/contributing.md describes: its folders (namespaces) import each
/// other without a cycle, so each can be read knowing only the ones below it, and each file declares one top-level
/// type named after it.
/// </summary>
public sealed partial class SourceLayoutTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly string SourceRoot = Path.Combine(TestPaths.RepositoryRoot, "generator", "AttnGen.Generator");

    [Fact]
    public void Namespaces_import_each_other_without_a_cycle()
    {
        Dictionary<string, HashSet<string>> imports = NamespaceImports();

        List<string>? cycle = FindCycle(imports);
        foreach ((string from, HashSet<string> to) in imports.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"{from} → {string.Join(", ", to.Order(StringComparer.Ordinal))}");
        }

        Assert.True(cycle is null, $"Import cycle: {string.Join(" → ", cycle ?? [])}");
        Assert.True(imports.Count >= 8, $"Only {imports.Count} namespaces found under {SourceRoot}.");
    }

    [Fact]
    public void Each_file_declares_one_top_level_type_named_after_it()
    {
        string[] offenders = SourceFiles()
            .Select(path => (Path: path, Types: TopLevelType().Matches(File.ReadAllText(path)).Select(m => m.Groups["name"].Value).Distinct().ToArray()))
            .Where(file => file.Types.Length != 1 || file.Types[0] != Path.GetFileNameWithoutExtension(file.Path).Split('.')[0])
            .Select(file => $"{Path.GetRelativePath(SourceRoot, file.Path)}: {string.Join(", ", file.Types)}")
            .ToArray();

        Assert.True(offenders.Length == 0, "Files not declaring exactly one type named after them:\n" + string.Join("\n", offenders));
    }

    /// <summary>
    /// For each namespace of the generator, the generator namespaces whose types its files use: found by compiling the
    /// sources and resolving every name, since a nested namespace sees its parents' types without a using.
    /// </summary>
    private static Dictionary<string, HashSet<string>> NamespaceImports()
    {
        SyntaxTree[] trees = SourceFiles()
            .Select(path => CSharpSyntaxTree.ParseText(File.ReadAllText(path), CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest), path))
            .ToArray();
        CSharpCompilation compilation = CSharpCompilation.Create("Generator", trees,
            [.. GeneratorHarness.References, MetadataReference.CreateFromFile(typeof(CSharpCompilation).Assembly.Location), MetadataReference.CreateFromFile(typeof(Compilation).Assembly.Location)],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        Diagnostic[] errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        Assert.True(errors.Length == 0, "The generator's sources do not compile here, so names cannot be resolved:\n" + string.Join("\n", errors.Take(5)));

        var imports = new Dictionary<string, HashSet<string>>();
        foreach (SyntaxTree tree in trees)
        {
            SemanticModel model = compilation.GetSemanticModel(tree);
            string own = tree.GetRoot().DescendantNodes().OfType<BaseNamespaceDeclarationSyntax>().Single().Name.ToString();
            HashSet<string> used = imports.TryGetValue(own, out var set) ? set : imports[own] = [];
            foreach (SimpleNameSyntax name in tree.GetRoot().DescendantNodes().OfType<SimpleNameSyntax>())
            {
                ISymbol? symbol = model.GetSymbolInfo(name).Symbol;
                INamedTypeSymbol? type = symbol as INamedTypeSymbol ?? symbol?.ContainingType;
                if (type is not null && SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, compilation.Assembly))
                {
                    used.Add(type.ContainingNamespace.ToDisplayString());
                }
            }

            used.Remove(own);
        }

        return imports;
    }

    private static List<string>? FindCycle(Dictionary<string, HashSet<string>> imports)
    {
        var state = new Dictionary<string, bool>(); // false: on the current path; true: finished.
        var path = new List<string>();

        List<string>? Visit(string node)
        {
            if (state.TryGetValue(node, out bool finished))
            {
                return finished ? null : [.. path.SkipWhile(n => n != node), node];
            }

            state[node] = false;
            path.Add(node);
            foreach (string next in imports[node].Order(StringComparer.Ordinal))
            {
                if (Visit(next) is { } cycle)
                {
                    return cycle;
                }
            }

            path.RemoveAt(path.Count - 1);
            state[node] = true;
            return null;
        }

        return imports.Keys.Order(StringComparer.Ordinal).Select(Visit).FirstOrDefault(cycle => cycle is not null);
    }

    private static IEnumerable<string> SourceFiles() =>
        Directory.EnumerateFiles(SourceRoot, "*.cs", SearchOption.AllDirectories)
            .Where(path => !Path.GetRelativePath(SourceRoot, path).Split(Path.DirectorySeparatorChar).Any(part => part is "obj" or "bin"));

    /// <summary>A type declared at the start of a line, outside any other type (file-scoped namespaces indent nothing).</summary>
    [GeneratedRegex(@"^(?:(?:public|internal|file|sealed|static|abstract|readonly|partial)\s+)*(?:record struct|record|class|struct|enum|interface)\s+(?<name>\w+)", RegexOptions.Multiline)]
    private static partial Regex TopLevelType();
}
