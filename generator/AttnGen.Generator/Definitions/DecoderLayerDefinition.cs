using System.Collections.Generic;
using System.Threading;
using AttnGen.Generator.Declarations;
using AttnGen.Generator.Model;
using AttnGen.Generator.Parsing;
using AttnGen.Generator.Validation;
using Microsoft.CodeAnalysis;

namespace AttnGen.Generator.Definitions;

/// <summary>What a <c>[TransformerDecoderLayer]</c> is: its arguments, its rules, the members it adds and the spec it becomes.</summary>
internal static class DecoderLayerDefinition
{
    public static readonly GeneratedMembers Members = new(
        ["DModel", "Heads", "HeadDim", "Hidden", "SeqLen", "MemorySeqLen", "Weights", "Forward",
         .. GeneratedMembers.LayerState, "MemoryLength", .. GeneratedMembers.Phases(sublayers: 3, "SelfAttention", "CrossAttention"),
         .. GeneratedMembers.Decoding, "Begin", "AttendSelf", "AttendMemory"],
        [GeneratedMembers.Weights], [GeneratedMembers.Weights, GeneratedMembers.WorkerTeam]);

    private static readonly TransformerDecoderLayerAttribute Defaults = new();

    public static ParseResult<DecoderLayerSpec> Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken) =>
        BlockParser.Parse(context, cancellationToken, Members, Read, Check, Create,
            d => BlockRules.AdviseHeadDim(d.CrossAttention.DModel, d.CrossAttention.Heads));

    private static DecoderLayerDeclaration Read(AttributeReader a) => new(
        a.Location,
        new AttentionShape(
            a.Int(nameof(TransformerDecoderLayerAttribute.DModel), Defaults.DModel),
            a.Int(nameof(TransformerDecoderLayerAttribute.Heads), Defaults.Heads),
            a.Int(nameof(TransformerDecoderLayerAttribute.SeqLen), Defaults.SeqLen),
            a.Int(nameof(TransformerDecoderLayerAttribute.MemorySeqLen), Defaults.MemorySeqLen),
            Mask: null),
        a.Int(nameof(TransformerDecoderLayerAttribute.Hidden), Defaults.Hidden),
        a.Double(nameof(TransformerDecoderLayerAttribute.LayerNormEps), Defaults.LayerNormEps),
        a.Enum(nameof(TransformerDecoderLayerAttribute.Activation), Defaults.Activation),
        a.Bool(nameof(TransformerDecoderLayerAttribute.NormFirst), Defaults.NormFirst));

    private static List<DiagnosticInfo> Check(DecoderLayerDeclaration declaration)
    {
        var diagnostics = new List<DiagnosticInfo>();
        AttentionShape attention = declaration.CrossAttention;
        if (AttentionRules.Check(attention, [declaration.Hidden], declaration.Attribute, diagnostics))
        {
            SizeRules.CheckSampleSize("Heads × SeqLen × SeqLen (one sample's self-attention weights)",
                (long)attention.Heads.Value * attention.SeqLen.Value * attention.SeqLen.Value, declaration.Attribute, diagnostics);
            SizeRules.CheckFeedForwardWeight(attention.DModel.Value, declaration.Hidden.Value, declaration.Attribute, diagnostics);
        }

        BlockRules.NormEps(declaration.LayerNormEps, diagnostics);
        BlockRules.Defined(declaration.Activation, diagnostics);
        return diagnostics;
    }


    private static DecoderLayerSpec Create(TypeTarget target, DecoderLayerDeclaration d) =>
        new(target, d.CrossAttention.DModel.Value, d.CrossAttention.Heads.Value, d.Hidden.Value, d.CrossAttention.SeqLen.Value,
            d.CrossAttention.KeyCount, d.LayerNormEps.Value, d.Activation.Value, d.NormFirst.Value);
}
