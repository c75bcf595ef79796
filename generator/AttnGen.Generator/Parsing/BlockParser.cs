using System;
using System.Collections.Generic;
using System.Threading;
using AttnGen.Generator.Diagnostics;
using AttnGen.Generator.Model;
using AttnGen.Generator.Validation;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AttnGen.Generator.Parsing;

/// <summary>
/// What parsing every block attribute shares: read the class and the attribute once each into declarations, run the
/// class rules and the kind's rules on them (all of them, even when the class itself is wrong, so every mistake shows
/// at once), and build the spec from the same declaration when nothing is wrong.
/// </summary>
internal static class BlockParser
{
    /// <param name="generated">What the kind adds to the class, which the class must be able to take.</param>
    /// <param name="read">Reads the kind's attribute arguments into its declaration.</param>
    /// <param name="check">The kind's rules: a diagnostic (an error) for every one broken.</param>
    /// <param name="create">Builds the spec of a valid declaration.</param>
    /// <param name="advise">The Info diagnostics of a valid declaration, about what its shape costs.</param>
    /// <param name="hasKernels">Whether the block computes at run time, so an unoptimised build slows it (ATTN0014).</param>
    public static ParseResult<TSpec> Parse<TDeclaration, TSpec>(
        GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken, GeneratedMembers generated,
        Func<AttributeReader, TDeclaration> read,
        Func<TDeclaration, List<DiagnosticInfo>> check,
        Func<TypeTarget, TDeclaration, TSpec> create,
        Func<TDeclaration, List<DiagnosticInfo>>? advise = null,
        bool hasKernels = true)
        where TSpec : class
    {
        var type = (INamedTypeSymbol)context.TargetSymbol;
        var syntax = (TypeDeclarationSyntax)context.TargetNode;
        AttributeData attribute = context.Attributes[0];
        if (type.TypeKind != TypeKind.Class)
        {
            // A record struct: the attribute is for classes, and the compiler says so (CS0592).
            return new ParseResult<TSpec>(null, default);
        }

        List<DiagnosticInfo> diagnostics = TargetRules.Check(
            TargetReader.Read(type, syntax, attribute, context.SemanticModel.Compilation, cancellationToken), generated);
        cancellationToken.ThrowIfCancellationRequested();

        var reader = new AttributeReader(attribute, context.SemanticModel, cancellationToken);
        TDeclaration declaration = read(reader);
        diagnostics.AddRange(check(declaration));

        // A broken argument has no diagnostic of ours (the compiler has one), but its value is unknown: no code either.
        TSpec? spec = null;
        if (diagnostics.Count == 0 && !reader.HasBrokenArgument)
        {
            diagnostics.AddRange(advise?.Invoke(declaration) ?? []);
            spec = create(TypeTargetParser.Create(type, syntax), declaration);
        }

        DiagnosticInfo? notice = spec is not null && hasKernels
            ? DiagnosticInfo.Create(DiagnosticDescriptors.UnoptimisedBuild, reader.Location, type.Name)
            : null;
        return new ParseResult<TSpec>(spec, diagnostics.ToEquatableArray(), notice);
    }
}
