using System.Threading;
using AttnGen.Generator.Declarations;
using AttnGen.Generator.Model;
using AttnGen.Generator.Validation;
using Microsoft.CodeAnalysis;

namespace AttnGen.Generator.Parsing;

/// <summary>Turns one <c>[SinusoidalPositionalEncoding]</c> application into a <see cref="PositionalEncodingSpec"/> and its diagnostics.</summary>
internal static class PositionalEncodingParser
{
    private static readonly SinusoidalPositionalEncodingAttribute Defaults = new();

    public static ParseResult<PositionalEncodingSpec> Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken) =>
        BlockParser.Parse(context, cancellationToken, GeneratedMembers.PositionalEncoding,
            Read, PositionalEncodingRules.Check, Create, hasKernels: false);

    private static PositionalEncodingDeclaration Read(AttributeReader a) => new(
        a.Location,
        a.Int(nameof(SinusoidalPositionalEncodingAttribute.MaxLength), Defaults.MaxLength),
        a.Int(nameof(SinusoidalPositionalEncodingAttribute.DModel), Defaults.DModel));

    private static PositionalEncodingSpec Create(TypeTarget target, PositionalEncodingDeclaration d) =>
        new(target, d.MaxLength.Value, d.DModel.Value);
}
