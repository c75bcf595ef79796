using System.Threading;
using AttnGen.Generator.Declarations;
using AttnGen.Generator.Model;
using AttnGen.Generator.Validation;
using Microsoft.CodeAnalysis;

namespace AttnGen.Generator.Parsing;

/// <summary>Turns one <c>[MultiHeadAttention]</c> application into an <see cref="AttentionSpec"/> and its diagnostics.</summary>
internal static class AttentionParser
{
    private static readonly MultiHeadAttentionAttribute Defaults = new();

    public static ParseResult<AttentionSpec> Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken) =>
        BlockParser.Parse(context, cancellationToken, GeneratedMembers.MultiHeadAttention,
            Read, AttentionRules.Check, Create, AttentionRules.Advise);

    private static AttentionDeclaration Read(AttributeReader a)
    {
        // Written at all, even to SeqLen's value, KvSeqLen makes cross-attention.
        Argument<int> kvSeqLen = a.Int(nameof(MultiHeadAttentionAttribute.KvSeqLen), Defaults.KvSeqLen);
        var shape = new AttentionShape(
            a.Int(nameof(MultiHeadAttentionAttribute.DModel), Defaults.DModel),
            a.Int(nameof(MultiHeadAttentionAttribute.Heads), Defaults.Heads),
            a.Int(nameof(MultiHeadAttentionAttribute.SeqLen), Defaults.SeqLen),
            kvSeqLen.IsWritten ? kvSeqLen : null,
            a.Mask(nameof(MultiHeadAttentionAttribute.Mask), Defaults.Mask));
        return new AttentionDeclaration(a.Location, shape, a.Bool(nameof(MultiHeadAttentionAttribute.Bias), Defaults.Bias));
    }

    private static AttentionSpec Create(TypeTarget target, AttentionDeclaration d) =>
        new(target, d.Shape.DModel.Value, d.Shape.Heads.Value, d.Shape.SeqLen.Value, d.Shape.KeyCount,
            d.Shape.IsCrossAttention, d.Shape.MaskValue, d.Bias.Value);
}
