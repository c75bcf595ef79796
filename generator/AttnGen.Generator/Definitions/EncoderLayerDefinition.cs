using System.Collections.Generic;
using System.Threading;
using AttnGen.Generator.Declarations;
using AttnGen.Generator.Model;
using AttnGen.Generator.Parsing;
using AttnGen.Generator.Validation;
using Microsoft.CodeAnalysis;

namespace AttnGen.Generator.Definitions;

/// <summary>What a <c>[TransformerEncoderLayer]</c> is: its arguments, its rules, the members it adds and the spec it becomes.</summary>
internal static class EncoderLayerDefinition
{
    public static readonly GeneratedMembers Members = new(
        ["DModel", "Heads", "HeadDim", "Hidden", "SeqLen", "Weights", "Forward", "ForwardPacked",
         .. GeneratedMembers.LayerState, "_keyLength", "_chunkLengths", "_chunkCount", "_packedPhases",
         .. GeneratedMembers.Phases(sublayers: 2, "SelfAttention"),
         "PackedSelfAttentionProjections", "PackedSelfAttentionHeads", "PackedSelfAttentionOutput",
         "PackedFeedForwardHidden", "PackedFeedForwardOutput"],
        [GeneratedMembers.Weights], [GeneratedMembers.Weights, GeneratedMembers.WorkerTeam]);

    private static readonly TransformerEncoderLayerAttribute Defaults = new();

    public static ParseResult<EncoderLayerSpec> Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken) =>
        BlockParser.Parse(context, cancellationToken, Members, Read, Check, Create,
            d => BlockRules.AdviseHeadDim(d.SelfAttention.DModel, d.SelfAttention.Heads));

    private static EncoderLayerDeclaration Read(AttributeReader a) => new(
        a.Location,
        new AttentionShape(
            a.Int(nameof(TransformerEncoderLayerAttribute.DModel), Defaults.DModel),
            a.Int(nameof(TransformerEncoderLayerAttribute.Heads), Defaults.Heads),
            a.Int(nameof(TransformerEncoderLayerAttribute.SeqLen), Defaults.SeqLen),
            KeyValueLength: null,
            a.Enum(nameof(TransformerEncoderLayerAttribute.Mask), Defaults.Mask)),
        a.Int(nameof(TransformerEncoderLayerAttribute.Hidden), Defaults.Hidden),
        a.Double(nameof(TransformerEncoderLayerAttribute.LayerNormEps), Defaults.LayerNormEps),
        a.Enum(nameof(TransformerEncoderLayerAttribute.Activation), Defaults.Activation),
        a.Bool(nameof(TransformerEncoderLayerAttribute.NormFirst), Defaults.NormFirst));

    private static List<DiagnosticInfo> Check(EncoderLayerDeclaration declaration)
    {
        var diagnostics = new List<DiagnosticInfo>();
        AttentionShape attention = declaration.SelfAttention;
        if (AttentionRules.Check(attention, [declaration.Hidden], declaration.Attribute, diagnostics))
        {
            SizeRules.CheckFeedForwardWeight(attention.DModel.Value, declaration.Hidden.Value, declaration.Attribute, diagnostics);
        }

        BlockRules.NormEps(declaration.LayerNormEps, diagnostics);
        BlockRules.Defined(declaration.Activation, diagnostics);
        return diagnostics;
    }


    private static EncoderLayerSpec Create(TypeTarget target, EncoderLayerDeclaration d) =>
        new(target, d.SelfAttention.DModel.Value, d.SelfAttention.Heads.Value, d.Hidden.Value, d.SelfAttention.SeqLen.Value,
            d.LayerNormEps.Value, d.SelfAttention.MaskValue, d.Activation.Value, d.NormFirst.Value);
}
