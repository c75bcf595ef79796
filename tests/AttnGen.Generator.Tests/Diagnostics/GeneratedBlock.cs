using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AttnGen.Generator.Tests.Diagnostics;

/// <summary>A class of a declaration file that carries a block attribute, seen in the compilation the generator completed.</summary>
/// <param name="Attribute">The block attribute's metadata name, such as <c>AttnGen.FeedForwardAttribute</c>.</param>
internal sealed record GeneratedBlock(INamedTypeSymbol Type, string Attribute)
{
    /// <summary>
    /// The members the generator wrote: those declared only in generated files (a block nested in this one is declared
    /// in the user's file too), less the compiler's (a record's copy constructor, a static constructor for field
    /// initialisers) and accessors, which go with their property.
    /// </summary>
    public IEnumerable<ISymbol> GeneratedMembers =>
        Type.GetMembers().Where(member =>
            !member.IsImplicitlyDeclared
            && member is not IMethodSymbol { MethodKind: not (MethodKind.Ordinary or MethodKind.Constructor) }
            && member.Locations.All(location => location.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) == true));

    /// <summary>Every class in <paramref name="filePath"/> of <paramref name="output"/> that carries exactly one block attribute.</summary>
    public static IReadOnlyList<GeneratedBlock> In(Compilation output, string filePath)
    {
        SyntaxTree tree = output.SyntaxTrees.Single(t => t.FilePath == filePath);
        SemanticModel model = output.GetSemanticModel(tree);
        return tree.GetRoot().DescendantNodes().OfType<TypeDeclarationSyntax>()
            .Select(declaration => model.GetDeclaredSymbol(declaration))
            .OfType<INamedTypeSymbol>()
            .Distinct<INamedTypeSymbol>(SymbolEqualityComparer.Default)
            .Select(type => (Type: type, Attributes: type.GetAttributes()
                .Where(Parsing.TargetReader.IsBlockAttribute)
                .Select(attribute => attribute.AttributeClass?.ToDisplayString() ?? "").ToArray()))
            .Where(block => block.Attributes.Length == 1)
            .Select(block => new GeneratedBlock(block.Type, block.Attributes[0]))
            .ToArray();
    }
}
