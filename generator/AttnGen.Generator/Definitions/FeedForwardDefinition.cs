using System.Collections.Generic;
using System.Threading;
using AttnGen.Generator.Declarations;
using AttnGen.Generator.Model;
using AttnGen.Generator.Parsing;
using AttnGen.Generator.Validation;
using Microsoft.CodeAnalysis;

namespace AttnGen.Generator.Definitions;

/// <summary>What a <c>[FeedForward]</c> is: its arguments, its rules, the members it adds and the spec it becomes.</summary>
internal static class FeedForwardDefinition
{
    public static readonly GeneratedMembers Members = new(
        ["DModel", "Hidden", "Weights", "Forward", "ForwardPacked", "_weights", "_scratch", "_busy", "Scratch", "ChunkRows", "FeedForward"],
        [GeneratedMembers.Weights]);

    private static readonly FeedForwardAttribute Defaults = new();

    public static ParseResult<FeedForwardSpec> Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken) =>
        BlockParser.Parse(context, cancellationToken, Members, Read, Check, Create);

    private static FeedForwardDeclaration Read(AttributeReader a) => new(
        a.Location,
        a.Int(nameof(FeedForwardAttribute.DModel), Defaults.DModel),
        a.Int(nameof(FeedForwardAttribute.Hidden), Defaults.Hidden),
        a.Enum(nameof(FeedForwardAttribute.Activation), Defaults.Activation),
        a.Bool(nameof(FeedForwardAttribute.Bias), Defaults.Bias));

    private static List<DiagnosticInfo> Check(FeedForwardDeclaration declaration)
    {
        var diagnostics = new List<DiagnosticInfo>();
        if (SizeRules.CheckSizes([declaration.DModel, declaration.Hidden], diagnostics))
        {
            SizeRules.CheckFeedForwardWeight(declaration.DModel.Value, declaration.Hidden.Value, declaration.Attribute, diagnostics);
        }

        BlockRules.Defined(declaration.Activation, diagnostics);
        return diagnostics;
    }

    private static FeedForwardSpec Create(TypeTarget target, FeedForwardDeclaration d) =>
        new(target, d.DModel.Value, d.Hidden.Value, d.Activation.Value, d.Bias.Value);
}
