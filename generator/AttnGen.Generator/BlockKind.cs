using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using AttnGen.Generator.Model;
using AttnGen.Generator.Validation;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AttnGen.Generator;

/// <summary>
/// One block attribute: its class, the members it adds, how an application is parsed, how a valid spec is emitted,
/// and the pipeline steps that connect them (<see cref="Register"/>).
/// </summary>
internal sealed record BlockKind<TSpec>(
    Type Attribute,
    GeneratedMembers Members,
    Func<GeneratorAttributeSyntaxContext, CancellationToken, ParseResult<TSpec>> Parse,
    Func<TSpec, string> Emit) : IBlockKind
    where TSpec : class, IBlockSpec
{
    /// <inheritdoc/>
    public string AttributeName => Attribute.FullName!;

    /// <summary>This kind's steps: each class is parsed, and each valid spec emitted, on its own cached path.</summary>
    /// <param name="unoptimised">Whether the compilation is unoptimised, which turns each block's notice into ATTN0014.</param>
    public BlockOutputs Register(IncrementalGeneratorInitializationContext context, IncrementalValueProvider<bool> unoptimised)
    {
        IncrementalValuesProvider<ParseResult<TSpec>> parsed = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                AttributeName,
                predicate: static (node, _) => node is ClassDeclarationSyntax or RecordDeclarationSyntax,
                transform: Parse)
            .WithTrackingName(AttentionGenerator.TrackingNames.Parsed);

        IncrementalValueProvider<ImmutableArray<DiagnosticInfo>> notices = parsed
            .Select(static (result, _) => result.UnoptimisedNotice)
            .Where(static notice => notice is not null)
            .Collect()
            .Combine(unoptimised)
            .Select(static (pair, _) => pair.Right ? pair.Left.Select(static notice => notice!).ToImmutableArray() : ImmutableArray<DiagnosticInfo>.Empty);

        IncrementalValueProvider<ImmutableArray<DiagnosticInfo>> diagnostics = parsed
            .SelectMany(static (result, _) => result.Diagnostics)
            .WithTrackingName(AttentionGenerator.TrackingNames.Diagnostics)
            .Collect()
            .Combine(notices)
            .Select(static (pair, _) => pair.Left.AddRange(pair.Right));

        IncrementalValueProvider<ImmutableArray<GeneratedFile>> files = parsed
            .Where(static result => result.Spec is not null)
            .Select(static (result, _) => result.Spec!)
            .WithTrackingName(AttentionGenerator.TrackingNames.Specs)
            .Select((spec, _) => new GeneratedFile(spec.Target.FullName, Emit(spec)))
            .WithTrackingName(AttentionGenerator.TrackingNames.Emitted)
            .Collect();
        return new BlockOutputs(diagnostics, files);
    }
}
