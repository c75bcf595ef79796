using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using AttnGen.Generator.Declarations;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AttnGen.Generator.Parsing;

/// <summary>Reads the class a block attribute sits on into a <see cref="TargetDeclaration"/>, for the class rules.</summary>
internal static class TargetReader
{
    public static TargetDeclaration Read(
        INamedTypeSymbol type, TypeDeclarationSyntax syntax, AttributeData attribute, Compilation compilation, CancellationToken cancellationToken)
    {
        var containers = new List<ContainerDeclaration>();
        TypeDeclarationSyntax outermost = syntax;
        for (SyntaxNode? parent = syntax.Parent; parent is TypeDeclarationSyntax container; parent = parent.Parent)
        {
            containers.Insert(0, new ContainerDeclaration(container.Identifier.ValueText, container.Modifiers.Any(SyntaxKind.PartialKeyword)));
            outermost = container;
        }

        // Only a top-level type can be file-local, so the outermost declaration carries the modifier if any does.
        SyntaxToken file = outermost.Modifiers.FirstOrDefault(modifier => modifier.IsKind(SyntaxKind.FileKeyword));
        TypeDeclarationSyntax[] parts = type.DeclaringSyntaxReferences
            .Select(reference => reference.GetSyntax(cancellationToken)).OfType<TypeDeclarationSyntax>().ToArray();
        BaseDeclaration? baseClass = Base(type, parts, syntax, compilation);
        string ownAttribute = attribute.AttributeClass?.ToDisplayString() ?? "";
        string? otherAttribute = type.GetAttributes()
            .Where(IsBlockAttribute)
            .Select(other => other.AttributeClass?.ToDisplayString() ?? "")
            .FirstOrDefault(name => name != ownAttribute);

        return new TargetDeclaration(
            type.Name,
            syntax.Identifier.GetLocation(),
            ShortName(ownAttribute),
            attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation(),
            otherAttribute is null ? null : ShortName(otherAttribute),
            IsPartial: syntax.Modifiers.Any(SyntaxKind.PartialKeyword),
            type.IsStatic,
            IsGenericOrInGeneric(type),
            parts.SelectMany(part => part.Modifiers).Where(modifier => modifier.IsKind(SyntaxKind.AbstractKeyword))
                .Select(modifier => modifier.GetLocation()).FirstOrDefault(),
            parts.Select(part => part.ParameterList?.GetLocation()).FirstOrDefault(location => location is not null),
            file.IsKind(SyntaxKind.FileKeyword) ? new FileLocalType(outermost.Identifier.ValueText, file.GetLocation()) : null,
            containers,
            baseClass,
            MemberReader.Members(type, baseClass?.Location, compilation),
            MemberReader.Constructors(type, cancellationToken));
    }

    /// <summary>Whether a block attribute sits on <paramref name="type"/>; such a class's members are generated, not yet visible.</summary>
    private static bool IsBlock(INamedTypeSymbol type) => type.GetAttributes().Any(IsBlockAttribute);

    /// <summary>Whether an attribute is one of the block attributes, which all derive from <see cref="BlockAttribute"/>.</summary>
    public static bool IsBlockAttribute(AttributeData attribute) =>
        attribute.AttributeClass?.BaseType?.ToDisplayString() == typeof(BlockAttribute).FullName;

    private static BaseDeclaration? Base(INamedTypeSymbol type, TypeDeclarationSyntax[] parts, TypeDeclarationSyntax syntax, Compilation compilation)
    {
        INamedTypeSymbol? baseType = type.BaseType;
        if (baseType is null || baseType.SpecialType == SpecialType.System_Object || baseType.TypeKind == TypeKind.Error)
        {
            return null;
        }

        // The base class comes first in a base list; which part lists it is found by name, which needs no binding.
        BaseTypeSyntax[] firsts = parts.Select(part => part.BaseList?.Types.FirstOrDefault()).OfType<BaseTypeSyntax>().ToArray();
        Location location = (firsts.FirstOrDefault(first => RightmostName(first.Type) == baseType.Name) ?? firsts.FirstOrDefault())?.GetLocation()
            ?? syntax.Identifier.GetLocation();
        bool parameterless = !IsBlock(baseType) && baseType.InstanceConstructors.Any(constructor =>
            constructor.Parameters.All(parameter => parameter.IsOptional || parameter.IsParams)
            && compilation.IsSymbolAccessibleWithin(constructor, type));
        return new BaseDeclaration(baseType.Name, location, parameterless);
    }

    private static string? RightmostName(TypeSyntax type) => type switch
    {
        SimpleNameSyntax simple => simple.Identifier.ValueText,
        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
        AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
        _ => null,
    };

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

    private static string ShortName(string attributeClass)
    {
        string name = attributeClass.Substring(attributeClass.LastIndexOf('.') + 1);
        return name.EndsWith("Attribute", StringComparison.Ordinal) ? name.Substring(0, name.Length - "Attribute".Length) : name;
    }
}
