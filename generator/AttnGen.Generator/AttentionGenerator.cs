using System.Collections.Immutable;
using System.Linq;
using AttnGen.Generator.Emitting;
using AttnGen.Generator.Model;
using AttnGen.Generator.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AttnGen.Generator;

/// <summary>
/// The pipeline: find <c>[MultiHeadAttention]</c> classes, parse each into a value-equal spec plus
/// diagnostics, report the diagnostics, and emit code for every valid spec.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class AttentionGenerator : IIncrementalGenerator
{
    /// <summary>Step names, so tests can check that each step is cached.</summary>
    public static class TrackingNames
    {
        public const string Parsed = nameof(Parsed);
        public const string Specs = nameof(Specs);
        public const string Emitted = nameof(Emitted);
        public const string Diagnostics = nameof(Diagnostics);
    }

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<ParseResult<AttentionSpec>> parsed = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                AttentionParser.AttributeName,
                predicate: static (node, _) => node is ClassDeclarationSyntax or RecordDeclarationSyntax,
                transform: AttentionParser.Parse)
            .WithTrackingName(TrackingNames.Parsed);

        // Diagnostics are split off the spec, so a changed message never re-runs the emitter. They are
        // re-attached to their syntax trees at the end: only a location inside a tree honours #pragma.
        IncrementalValueProvider<ImmutableArray<DiagnosticInfo>> diagnostics = parsed
            .SelectMany(static (result, _) => result.Diagnostics)
            .WithTrackingName(TrackingNames.Diagnostics)
            .Collect();
        context.RegisterSourceOutput(diagnostics.Combine(context.CompilationProvider), static (output, pair) =>
        {
            foreach (DiagnosticInfo diagnostic in pair.Left)
            {
                output.ReportDiagnostic(diagnostic.ToDiagnostic(pair.Right));
            }
        });

        IncrementalValuesProvider<GeneratedFile> files = parsed
            .Where(static result => result.Spec is not null)
            .Select(static (result, _) => result.Spec!)
            .WithTrackingName(TrackingNames.Specs)
            .Select(static (spec, _) => new GeneratedFile(spec.Target.FullName, AttentionEmitter.Emit(spec)))
            .WithTrackingName(TrackingNames.Emitted);

        // Files are added together so that hint names can be made unique: the driver compares them
        // ignoring case (Block and BLOCK), and an attribute repeated on two partial parts yields one class twice.
        context.RegisterSourceOutput(files.Collect(), static (output, all) =>
        {
            foreach (IGrouping<string, GeneratedFile> sameHint in all
                .GroupBy(file => file.TypeName).Select(group => group.First())
                .GroupBy(file => file.TypeName.ToUpperInvariant()))
            {
                int index = 0;
                foreach (GeneratedFile file in sameHint.OrderBy(file => file.TypeName, System.StringComparer.Ordinal))
                {
                    string suffix = index++ == 0 ? "" : "." + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    output.AddSource(file.TypeName + suffix + ".g.cs", file.Text);
                }
            }
        });
    }
}

/// <summary>One emitted source file: the type it completes and its text.</summary>
internal sealed record GeneratedFile(string TypeName, string Text);
