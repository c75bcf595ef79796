using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using AttnGen.Generator.Diagnostics;
using AttnGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AttnGen.Generator.Parsing;

/// <summary>
/// What parsing every block attribute shares: the target class, the one-block-per-class rule, and the split between
/// the kind's value rules (run even when the class itself is wrong, so every mistake shows at once) and building the spec.
/// </summary>
internal static class BlockParser
{
    /// <param name="check">Adds a diagnostic for every broken value rule; returns whether code can be generated.</param>
    /// <param name="create">Builds the spec of a valid declaration, adding its Info diagnostics.</param>
    /// <param name="allowStatic">Whether the block generates only static members, so a static class can hold it.</param>
    /// <param name="hasKernels">Whether the block computes at run time, so an unoptimised build slows it (ATTN0014).</param>
    public static ParseResult<TSpec> Parse<TSpec>(
        GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken,
        Func<AttributeArguments, List<DiagnosticInfo>, bool> check,
        Func<TypeTarget, AttributeArguments, List<DiagnosticInfo>, TSpec> create,
        bool allowStatic = false, bool hasKernels = true)
        where TSpec : class
    {
        var diagnostics = new List<DiagnosticInfo>();
        var type = (INamedTypeSymbol)context.TargetSymbol;
        TypeTarget? target = TypeTargetParser.Parse(type, (TypeDeclarationSyntax)context.TargetNode, diagnostics, allowStatic);
        cancellationToken.ThrowIfCancellationRequested();

        var arguments = new AttributeArguments(context.Attributes[0]);
        bool single = CheckSingleBlock(type, context.Attributes[0], arguments, diagnostics);
        bool valid = check(arguments, diagnostics);
        TSpec? spec = target is not null && single && valid ? create(target, arguments, diagnostics) : null;
        DiagnosticInfo? notice = spec is not null && hasKernels
            ? DiagnosticInfo.Create(DiagnosticDescriptors.UnoptimisedBuild, arguments.AttributeLocation, type.Name)
            : null;
        return new ParseResult<TSpec>(spec, diagnostics.ToEquatableArray(), notice);
    }

    private static bool CheckSingleBlock(INamedTypeSymbol type, AttributeData own, AttributeArguments arguments, List<DiagnosticInfo> diagnostics)
    {
        string ownName = own.AttributeClass?.ToDisplayString() ?? "";
        string? other = type.GetAttributes()
            .Select(attribute => attribute.AttributeClass?.ToDisplayString() ?? "")
            .FirstOrDefault(name => name != ownName && BlockKinds.AttributeNames.Contains(name));
        if (other is null)
        {
            return true;
        }

        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SeveralBlockAttributes, arguments.AttributeLocation,
            type.Name, ShortName(ownName), ShortName(other)));
        return false;
    }

    private static string ShortName(string attributeClass)
    {
        string name = attributeClass.Substring(attributeClass.LastIndexOf('.') + 1);
        return name.EndsWith("Attribute", StringComparison.Ordinal) ? name.Substring(0, name.Length - "Attribute".Length) : name;
    }
}
