using System.Collections.Generic;
using AttnGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AttnGen.Generator.Parsing;

/// <summary>Reads where generated members go: the namespace, the class, and the partial types around it, as C# source.</summary>
internal static class TypeTargetParser
{
    // Keywords used as names keep their @ (namespace @class).
    private static readonly SymbolDisplayFormat NamespaceFormat =
        SymbolDisplayFormat.FullyQualifiedFormat.WithGlobalNamespaceStyle(SymbolDisplayGlobalNamespaceStyle.Omitted);

    public static TypeTarget Create(INamedTypeSymbol type, TypeDeclarationSyntax syntax)
    {
        var containers = new List<string>();
        for (SyntaxNode? parent = syntax.Parent; parent is TypeDeclarationSyntax container; parent = parent.Parent)
        {
            containers.Insert(0, $"partial {Keyword(container)} {Identifier(container.Identifier.ValueText)}");
        }

        string ns = type.ContainingNamespace.IsGlobalNamespace ? "" : type.ContainingNamespace.ToDisplayString(NamespaceFormat);
        return new TypeTarget(ns, Identifier(type.Name), Keyword(syntax), containers.ToEquatableArray());
    }

    /// <summary>A name as it must be written in source: a keyword used as a name (<c>class @class</c>) needs its <c>@</c>.</summary>
    private static string Identifier(string name) => SyntaxFacts.GetKeywordKind(name) == SyntaxKind.None ? name : "@" + name;

    private static string Keyword(TypeDeclarationSyntax declaration) => declaration switch
    {
        RecordDeclarationSyntax record => record.ClassOrStructKeyword.IsKind(SyntaxKind.StructKeyword) ? "record struct" : "record",
        _ => declaration.Keyword.Text,
    };
}
