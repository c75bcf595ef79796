using System.Collections.Immutable;
using System.Linq;
using AttnGen.Generator.Model;
using Microsoft.CodeAnalysis;

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
        BlockOutputs[] kinds = BlockKinds.All.Select(kind => kind.Register(context, unoptimised)).ToArray();

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
}
