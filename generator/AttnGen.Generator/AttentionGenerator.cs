using System.Collections.Immutable;
using System.Linq;
using AttnGen.Generator.Emitting;
using AttnGen.Generator.Model;
using AttnGen.Generator.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AttnGen.Generator;

/// <summary>
/// The pipeline: for every block attribute, find the classes that carry it, parse each into a value-equal spec
/// plus diagnostics, report the diagnostics, and emit code for every valid spec.
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
        // A value, not the compilation: an edit elsewhere leaves it equal, so nothing downstream re-runs.
        IncrementalValueProvider<bool> unoptimised = context.CompilationProvider
            .Select(static (compilation, _) => compilation.Options.OptimizationLevel == OptimizationLevel.Debug);
        Outputs[] kinds =
        [
            Pipeline(context, BlockKinds.MultiHeadAttention, unoptimised),
            Pipeline(context, BlockKinds.FeedForward, unoptimised),
            Pipeline(context, BlockKinds.EncoderLayer, unoptimised),
            Pipeline(context, BlockKinds.DecoderLayer, unoptimised),
            Pipeline(context, BlockKinds.BertEmbeddings, unoptimised),
            Pipeline(context, BlockKinds.PositionalEncoding, unoptimised),
        ];

        IncrementalValueProvider<ImmutableArray<DiagnosticInfo>> diagnostics = kinds.Skip(1).Aggregate(kinds[0].Diagnostics,
            static (all, kind) => all.Combine(kind.Diagnostics).Select(static (pair, _) => pair.Left.AddRange(pair.Right)));
        IncrementalValueProvider<ImmutableArray<GeneratedFile>> files = kinds.Skip(1).Aggregate(kinds[0].Files,
            static (all, kind) => all.Combine(kind.Files).Select(static (pair, _) => pair.Left.AddRange(pair.Right)));

        // Diagnostics travel apart from the spec, so a changed message never re-runs an emitter. They are
        // re-attached to their syntax trees at the end: only a location inside a tree honours #pragma.
        context.RegisterSourceOutput(diagnostics.Combine(context.CompilationProvider), static (output, pair) =>
        {
            foreach (DiagnosticInfo diagnostic in pair.Left)
            {
                output.ReportDiagnostic(diagnostic.ToDiagnostic(pair.Right));
            }
        });

        // Files are added together so that hint names can be made unique: the driver compares them
        // ignoring case (Block and BLOCK), and an attribute repeated on two partial parts yields one class twice.
        context.RegisterSourceOutput(files, static (output, all) =>
        {
            foreach (IGrouping<string, GeneratedFile> sameHint in all
                .GroupBy(file => file.TypeName).Select(group => group.First())
                .GroupBy(file => file.TypeName.ToUpperInvariant()))
            {
                int index = 0;
                foreach (GeneratedFile file in sameHint.OrderBy(file => file.TypeName, System.StringComparer.Ordinal))
                {
                    string suffix = index++ == 0 ? "" : "." + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    // A keyword used as a name keeps its @ in source (@class), which a hint name may not contain.
                    output.AddSource(file.TypeName.Replace("@", "") + suffix + ".g.cs", file.Text);
                }
            }
        });
    }

    /// <summary>One block kind's steps: each class is parsed, and each valid spec emitted, on its own cached path.</summary>
    /// <param name="unoptimised">Whether the compilation is unoptimised, which turns each block's notice into ATTN0014.</param>
    private static Outputs Pipeline<TSpec>(IncrementalGeneratorInitializationContext context, BlockKind<TSpec> kind,
        IncrementalValueProvider<bool> unoptimised)
        where TSpec : class, IBlockSpec
    {
        IncrementalValuesProvider<ParseResult<TSpec>> parsed = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                kind.AttributeName,
                predicate: static (node, _) => node is ClassDeclarationSyntax or RecordDeclarationSyntax,
                transform: kind.Parse)
            .WithTrackingName(TrackingNames.Parsed);

        IncrementalValueProvider<ImmutableArray<DiagnosticInfo>> notices = parsed
            .Select(static (result, _) => result.UnoptimisedNotice)
            .Where(static notice => notice is not null)
            .Collect()
            .Combine(unoptimised)
            .Select(static (pair, _) => pair.Right ? pair.Left.Select(static notice => notice!).ToImmutableArray() : ImmutableArray<DiagnosticInfo>.Empty);

        IncrementalValueProvider<ImmutableArray<DiagnosticInfo>> diagnostics = parsed
            .SelectMany(static (result, _) => result.Diagnostics)
            .WithTrackingName(TrackingNames.Diagnostics)
            .Collect()
            .Combine(notices)
            .Select(static (pair, _) => pair.Left.AddRange(pair.Right));

        IncrementalValueProvider<ImmutableArray<GeneratedFile>> files = parsed
            .Where(static result => result.Spec is not null)
            .Select(static (result, _) => result.Spec!)
            .WithTrackingName(TrackingNames.Specs)
            .Select((spec, _) => new GeneratedFile(spec.Target.FullName, kind.Emit(spec)))
            .WithTrackingName(TrackingNames.Emitted)
            .Collect();
        return new Outputs(diagnostics, files);
    }

    private sealed record Outputs(
        IncrementalValueProvider<ImmutableArray<DiagnosticInfo>> Diagnostics,
        IncrementalValueProvider<ImmutableArray<GeneratedFile>> Files);
}

/// <summary>One emitted source file: the type it completes and its text.</summary>
internal sealed record GeneratedFile(string TypeName, string Text);
