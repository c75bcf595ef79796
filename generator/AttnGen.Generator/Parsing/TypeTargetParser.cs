using System.Collections.Generic;
using System.Linq;
using AttnGen.Generator.Diagnostics;
using AttnGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AttnGen.Generator.Parsing;

/// <summary>
/// Reads where generated members go (namespace, class, containing types) and reports the declarations
/// that cannot take them: not partial, static, generic, or nested in a non-partial type.
/// </summary>
internal static class TypeTargetParser
{
    /// <param name="allowStatic">Whether the block generates only static members, so a static class can hold it.</param>
    public static TypeTarget? Parse(INamedTypeSymbol type, TypeDeclarationSyntax syntax, List<DiagnosticInfo> diagnostics, bool allowStatic = false)
    {
        Location location = syntax.Identifier.GetLocation();
        int errorsBefore = diagnostics.Count;
        if (!syntax.Modifiers.Any(SyntaxKind.PartialKeyword))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotPartial, location, type.Name));
        }

        if (type.IsStatic && !allowStatic)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.StaticNotSupported, location, type.Name));
        }

        if (IsGenericOrInGeneric(type))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GenericNotSupported, location, type.Name));
        }

        var containers = new List<string>();
        for (SyntaxNode? parent = syntax.Parent; parent is TypeDeclarationSyntax container; parent = parent.Parent)
        {
            if (!container.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ContainerNotPartial, location,
                    type.Name, container.Identifier.Text));
            }

            containers.Insert(0, $"partial {Keyword(container)} {container.Identifier.Text}");
        }

        if (diagnostics.Count > errorsBefore)
        {
            return null;
        }

        string ns = type.ContainingNamespace.IsGlobalNamespace ? "" : type.ContainingNamespace.ToDisplayString();
        return new TypeTarget(ns, type.Name, Keyword(syntax), containers.ToEquatableArray());
    }

    private static bool IsGenericOrInGeneric(INamedTypeSymbol type)
    {
        for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
        {
            if (current.TypeParameters.Length > 0)
            {
                return true;
            }
        }

        return false;
    }

    private static string Keyword(TypeDeclarationSyntax declaration) => declaration switch
    {
        RecordDeclarationSyntax record => record.ClassOrStructKeyword.IsKind(SyntaxKind.StructKeyword) ? "record struct" : "record",
        _ => declaration.Keyword.Text,
    };
}
