using System.Collections.Generic;
using System.Linq;
using System.Threading;
using AttnGen.Generator.Declarations;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AttnGen.Generator.Parsing;

/// <summary>Reads the members a block's class already has, so that the rules can find any a generated member would clash with.</summary>
internal static class MemberReader
{
    /// <summary>The members the class declares, then those it inherits and can see, nearest base first.</summary>
    /// <param name="baseLocation">Where an inherited member is reported: the base class in the base list.</param>
    public static List<MemberDeclaration> Members(INamedTypeSymbol type, Location? baseLocation, Compilation compilation)
    {
        List<MemberDeclaration> members = type.GetMembers().Where(IsNamed)
            .Select(member => new MemberDeclaration(member.Name, Kind(member), member.Locations.FirstOrDefault(location => location.IsInSource), null))
            .ToList();

        // An inherited name is listed once, and not at all where the class declares it again: one diagnostic per clash.
        var names = new HashSet<string>(members.Select(member => member.Name));
        for (INamedTypeSymbol? baseType = type.BaseType; baseType is not null && baseType.SpecialType != SpecialType.System_Object; baseType = baseType.BaseType)
        {
            members.AddRange(baseType.GetMembers()
                .Where(member => IsNamed(member) && compilation.IsSymbolAccessibleWithin(member, type) && names.Add(member.Name))
                .Select(member => new MemberDeclaration(member.Name, Kind(member), baseLocation, baseType.Name)));
        }

        return members;
    }

    /// <summary>The instance constructors the user wrote; a primary constructor is the rules' other concern.</summary>
    public static List<ConstructorDeclaration> Constructors(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        var constructors = new List<ConstructorDeclaration>();
        foreach (IMethodSymbol constructor in type.InstanceConstructors.Where(constructor => !constructor.IsImplicitlyDeclared))
        {
            if (constructor.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) is ConstructorDeclarationSyntax syntax
                && syntax.ParameterList.Parameters.Count == constructor.Parameters.Length)
            {
                string[] parameterTypes = constructor.Parameters
                    .Select((parameter, i) => IsGeneratedWeights(parameter.Type, syntax.ParameterList.Parameters[i].Type, type)
                        ? ConstructorDeclaration.GeneratedWeights
                        : parameter.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat))
                    .ToArray();
                constructors.Add(new ConstructorDeclaration(parameterTypes, syntax.Identifier.GetLocation(),
                    syntax.Initializer?.IsKind(SyntaxKind.ThisConstructorInitializer) == true));
            }
        }

        return constructors;
    }

    /// <summary>
    /// Whether a parameter's type is the block's own <c>Weights</c>: before generation it does not bind, or binds to a
    /// type outside the class, but once generated an unqualified <c>Weights</c> in the class means the nested one.
    /// </summary>
    private static bool IsGeneratedWeights(ITypeSymbol type, TypeSyntax? syntax, INamedTypeSymbol owner) =>
        type.Name == ConstructorDeclaration.GeneratedWeights
        && (type.TypeKind == TypeKind.Error
            || SymbolEqualityComparer.Default.Equals(type.ContainingType, owner)
            || syntax is IdentifierNameSyntax or NullableTypeSyntax { ElementType: IdentifierNameSyntax });

    /// <summary>A member that can clash by name: written by the user, and not a constructor, operator, accessor or indexer.</summary>
    private static bool IsNamed(ISymbol member) =>
        !member.IsImplicitlyDeclared && member switch
        {
            IMethodSymbol method => method.MethodKind == MethodKind.Ordinary,
            IPropertySymbol property => !property.IsIndexer && property.ExplicitInterfaceImplementations.IsEmpty,
            IEventSymbol @event => @event.ExplicitInterfaceImplementations.IsEmpty,
            _ => member is IFieldSymbol or INamedTypeSymbol,
        };

    private static string Kind(ISymbol member) => member switch
    {
        IFieldSymbol { IsConst: true } => "constant",
        IFieldSymbol => "field",
        IPropertySymbol => "property",
        IEventSymbol => "event",
        INamedTypeSymbol => "nested type",
        _ => "method",
    };
}
