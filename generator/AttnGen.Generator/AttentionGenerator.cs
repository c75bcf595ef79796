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

        // Diagnostics are split off the spec, so a changed message never re-runs the emitter.
        IncrementalValuesProvider<DiagnosticInfo> diagnostics = parsed
            .SelectMany(static (result, _) => result.Diagnostics)
            .WithTrackingName(TrackingNames.Diagnostics);
        context.RegisterSourceOutput(diagnostics, static (output, diagnostic) => output.ReportDiagnostic(diagnostic.ToDiagnostic()));

        IncrementalValuesProvider<AttentionSpec> specs = parsed
            .Where(static result => result.Spec is not null)
            .Select(static (result, _) => result.Spec!)
            .WithTrackingName(TrackingNames.Specs);
        context.RegisterSourceOutput(specs, static (output, spec) =>
            output.AddSource(spec.Target.FullName + ".g.cs", AttentionEmitter.Emit(spec)));
    }
}
