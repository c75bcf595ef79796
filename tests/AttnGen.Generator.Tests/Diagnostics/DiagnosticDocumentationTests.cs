using System.Reflection;
using AttnGen.Generator.Diagnostics;
using AttnGen.Testing;
using Microsoft.CodeAnalysis;

namespace AttnGen.Generator.Tests.Diagnostics;

/// <summary>Every diagnostic id is documented where a user and the release tracking look for it.</summary>
public sealed class DiagnosticDocumentationTests
{
    public static TheoryData<string> Ids => new(typeof(DiagnosticDescriptors)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(descriptor => ((DiagnosticDescriptor)descriptor.GetValue(null)!).Id));

    [Theory]
    [MemberData(nameof(Ids))]
    public void Each_id_has_its_page_its_row_and_its_release_entry(string id)
    {
        DiagnosticDescriptor descriptor = DiagnosticDescriptors.ById(id);
        string root = TestPaths.RepositoryRoot;

        Assert.Equal($"docs/diagnostics/{id}.md", descriptor.HelpLinkUri);
        string page = File.ReadAllText(Path.Combine(root, descriptor.HelpLinkUri));
        Assert.StartsWith($"# {id}: {descriptor.Title} ({descriptor.DefaultSeverity})", page, StringComparison.Ordinal);
        Assert.Contains($"| [{id}]({id}.md) | {descriptor.DefaultSeverity} | {descriptor.Title} |",
            File.ReadAllText(Path.Combine(root, "docs", "diagnostics", "README.md")), StringComparison.Ordinal);
        Assert.Contains($"{id} | AttnGen | {descriptor.DefaultSeverity} | {descriptor.Title}",
            File.ReadAllText(Path.Combine(root, "generator", "AttnGen.Generator", "AnalyzerReleases.Unshipped.md")), StringComparison.Ordinal);
    }
}
