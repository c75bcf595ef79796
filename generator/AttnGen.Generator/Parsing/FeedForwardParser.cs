using System.Threading;
using AttnGen.Generator.Declarations;
using AttnGen.Generator.Model;
using AttnGen.Generator.Validation;
using Microsoft.CodeAnalysis;

namespace AttnGen.Generator.Parsing;

/// <summary>Turns one <c>[FeedForward]</c> application into a <see cref="FeedForwardSpec"/> and its diagnostics.</summary>
internal static class FeedForwardParser
{
    private static readonly FeedForwardAttribute Defaults = new();

    public static ParseResult<FeedForwardSpec> Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken) =>
        BlockParser.Parse(context, cancellationToken, GeneratedMembers.FeedForward, Read, FeedForwardRules.Check, Create);

    private static FeedForwardDeclaration Read(AttributeReader a) => new(
        a.Location,
        a.Int(nameof(FeedForwardAttribute.DModel), Defaults.DModel),
        a.Int(nameof(FeedForwardAttribute.Hidden), Defaults.Hidden),
        a.Activation(nameof(FeedForwardAttribute.Activation), Defaults.Activation),
        a.Bool(nameof(FeedForwardAttribute.Bias), Defaults.Bias));

    private static FeedForwardSpec Create(TypeTarget target, FeedForwardDeclaration d) =>
        new(target, d.DModel.Value, d.Hidden.Value, d.Activation.Value, d.Bias.Value);
}
