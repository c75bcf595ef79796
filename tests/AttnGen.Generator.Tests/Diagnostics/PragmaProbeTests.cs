using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AttnGen.Generator.Tests.Diagnostics;

/// <summary>
/// Control experiment for <see cref="DiagnosticTests.ATTN0008_is_suppressed_by_pragma_warning_disable"/>: with
/// the same harness and Roslyn version, a probe generator's Info is suppressed by <c>#pragma warning disable</c>
/// when reported at a location in the syntax tree, and is not when reported at a file-path-only location. So a
/// failure of the ATTN0008 test is the generator's location, not the test's mechanism.
/// </summary>
public sealed class PragmaProbeTests
{
    private const string Source = """
        namespace Demo;

        #pragma warning disable PROBE01
        public partial class Block
        {
        }
        #pragma warning restore PROBE01
        """;

    [Fact]
    public void Driver_applies_pragma_to_a_generator_diagnostic_in_a_syntax_tree() =>
        Assert.True(Run(inTree: true).IsSuppressed);

    [Fact]
    public void Driver_cannot_apply_pragma_to_a_generator_diagnostic_with_a_file_path_only_location()
    {
        // Documents Roslyn's behaviour (dotnet/roslyn#68291): Location.Create(path, span, lineSpan) is an
        // ExternalFile location, which the pragma table of the tree is never consulted for.
        Diagnostic probe = Run(inTree: false);

        Assert.Equal(LocationKind.ExternalFile, probe.Location.Kind);
        Assert.False(probe.IsSuppressed);
    }

    [Fact]
    public void Generator_diagnostics_are_not_part_of_Compilation_GetDiagnostics()
    {
        // So pragma handling is checked on the driver's diagnostics, never on the output compilation's.
        CSharpCompilation input = Compilation();
        CSharpGeneratorDriver.Create(new ProbeGenerator(inTree: true))
            .RunGeneratorsAndUpdateCompilation(input, out Compilation output, out _);

        Assert.DoesNotContain(output.GetDiagnostics(), d => d.Id == ProbeGenerator.Descriptor.Id);
    }

    private static Diagnostic Run(bool inTree)
    {
        CSharpGeneratorDriver.Create(new ProbeGenerator(inTree))
            .RunGeneratorsAndUpdateCompilation(Compilation(), out _, out ImmutableArray<Diagnostic> diagnostics);
        return Assert.Single(diagnostics, d => d.Id == ProbeGenerator.Descriptor.Id);
    }

    private static CSharpCompilation Compilation() =>
        GeneratorHarness.Compile().AddSyntaxTrees(CSharpSyntaxTree.ParseText(Source, GeneratorHarness.ParseOptions, DiagnosticRun.FilePath));

    /// <summary>Reports one Info at each class identifier, in the tree or as a file path and span.</summary>
    private sealed class ProbeGenerator(bool inTree) : IIncrementalGenerator
    {
#pragma warning disable RS2008 // A test-only descriptor; not part of any shipped analyzer release.
        public static readonly DiagnosticDescriptor Descriptor = new(
            "PROBE01", "Probe", "Probe at '{0}'", "Test", DiagnosticSeverity.Info, isEnabledByDefault: true);
#pragma warning restore RS2008

        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            IncrementalValuesProvider<ClassDeclarationSyntax> classes = context.SyntaxProvider.CreateSyntaxProvider(
                static (node, _) => node is ClassDeclarationSyntax,
                static (syntax, _) => (ClassDeclarationSyntax)syntax.Node);
            context.RegisterSourceOutput(classes, (output, declaration) =>
            {
                Location inSource = declaration.Identifier.GetLocation();
                Location location = inTree
                    ? inSource
                    : Location.Create(inSource.SourceTree!.FilePath, inSource.SourceSpan, inSource.GetLineSpan().Span);
                output.ReportDiagnostic(Diagnostic.Create(Descriptor, location, declaration.Identifier.Text));
            });
        }
    }
}
