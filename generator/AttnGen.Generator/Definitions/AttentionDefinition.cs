using System.Collections.Generic;
using System.Threading;
using AttnGen.Generator.Declarations;
using AttnGen.Generator.Model;
using AttnGen.Generator.Parsing;
using AttnGen.Generator.Validation;
using Microsoft.CodeAnalysis;

namespace AttnGen.Generator.Definitions;

/// <summary>What a <c>[MultiHeadAttention]</c> is: its arguments, its rules, the members it adds and the spec it becomes.</summary>
internal static class AttentionDefinition
{
    public static readonly GeneratedMembers Members = new(
        ["DModel", "Heads", "HeadDim", "SeqLen", "KvSeqLen", "Weights", "Forward", "ForwardPacked",
         "_weights", "_scratch", "_busy", "Scratch", "XLength", "MemoryLength", "WeightsLength", "ForwardItem", "Attend", "AttendPacked"],
        [GeneratedMembers.Weights]);

    private static readonly MultiHeadAttentionAttribute Defaults = new();

    public static ParseResult<AttentionSpec> Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken) =>
        BlockParser.Parse(context, cancellationToken, Members, Read, Check, Create,
            d => BlockRules.AdviseHeadDim(d.Shape.DModel, d.Shape.Heads));

    private static AttentionDeclaration Read(AttributeReader a)
    {
        // Written at all, even to SeqLen's value, KvSeqLen makes cross-attention.
        Argument<int> kvSeqLen = a.Int(nameof(MultiHeadAttentionAttribute.KvSeqLen), Defaults.KvSeqLen);
        var shape = new AttentionShape(
            a.Int(nameof(MultiHeadAttentionAttribute.DModel), Defaults.DModel),
            a.Int(nameof(MultiHeadAttentionAttribute.Heads), Defaults.Heads),
            a.Int(nameof(MultiHeadAttentionAttribute.SeqLen), Defaults.SeqLen),
            kvSeqLen.IsWritten ? kvSeqLen : null,
            a.Enum(nameof(MultiHeadAttentionAttribute.Mask), Defaults.Mask));
        return new AttentionDeclaration(a.Location, shape, a.Bool(nameof(MultiHeadAttentionAttribute.Bias), Defaults.Bias));
    }

    private static List<DiagnosticInfo> Check(AttentionDeclaration declaration)
    {
        var diagnostics = new List<DiagnosticInfo>();
        AttentionRules.Check(declaration.Shape, [], declaration.Attribute, diagnostics);
        return diagnostics;
    }


    private static AttentionSpec Create(TypeTarget target, AttentionDeclaration d) =>
        new(target, d.Shape.DModel.Value, d.Shape.Heads.Value, d.Shape.SeqLen.Value, d.Shape.KeyCount,
            d.Shape.IsCrossAttention, d.Shape.MaskValue, d.Bias.Value);
}
