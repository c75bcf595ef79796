using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace AttnGen.Generator.Declarations;

/// <summary>The class a block attribute sits on, as the user declared it: everything the class rules check.</summary>
/// <param name="Name">The class name, for messages.</param>
/// <param name="Identifier">The class name's token, where most class diagnostics point.</param>
/// <param name="Attribute">The block attribute's short name, such as <c>MultiHeadAttention</c>.</param>
/// <param name="AttributeLocation">The attribute application.</param>
/// <param name="OtherBlockAttribute">The short name of a second block attribute on the class, if there is one.</param>
/// <param name="IsGeneric">Whether the class or a type around it has type parameters.</param>
/// <param name="AbstractKeyword">The <c>abstract</c> modifier, if the class is abstract.</param>
/// <param name="PrimaryConstructor">The parameter list of a primary constructor, if the class has one.</param>
/// <param name="FileLocal">The file-local type that holds the class (the class itself or the type around it), if any.</param>
/// <param name="Containers">The types around the class, outermost first.</param>
/// <param name="Base">The base class, unless it is <c>object</c> or does not bind.</param>
/// <param name="Members">Every member the class declares or inherits by a name it could clash on; constructors apart.</param>
/// <param name="Constructors">The instance constructors the class declares.</param>
internal sealed record TargetDeclaration(
    string Name,
    Location Identifier,
    string Attribute,
    Location? AttributeLocation,
    string? OtherBlockAttribute,
    bool IsPartial,
    bool IsStatic,
    bool IsGeneric,
    Location? AbstractKeyword,
    Location? PrimaryConstructor,
    FileLocalType? FileLocal,
    IReadOnlyList<ContainerDeclaration> Containers,
    BaseDeclaration? Base,
    IReadOnlyList<MemberDeclaration> Members,
    IReadOnlyList<ConstructorDeclaration> Constructors);
