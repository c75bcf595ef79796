using System.Threading;
using AttnGen.Generator.Declarations;
using AttnGen.Generator.Model;
using AttnGen.Generator.Validation;
using Microsoft.CodeAnalysis;

namespace AttnGen.Generator.Parsing;

/// <summary>Turns one <c>[TransformerDecoderLayer]</c> application into a <see cref="DecoderLayerSpec"/> and its diagnostics.</summary>
internal static class DecoderLayerParser
{
    private static readonly TransformerDecoderLayerAttribute Defaults = new();

    public static ParseResult<DecoderLayerSpec> Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken) =>
        BlockParser.Parse(context, cancellationToken, GeneratedMembers.DecoderLayer,
            Read, DecoderLayerRules.Check, Create, DecoderLayerRules.Advise);

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
        a.Activation(nameof(TransformerDecoderLayerAttribute.Activation), Defaults.Activation),
        a.Bool(nameof(TransformerDecoderLayerAttribute.NormFirst), Defaults.NormFirst));

    private static DecoderLayerSpec Create(TypeTarget target, DecoderLayerDeclaration d) =>
        new(target, d.CrossAttention.DModel.Value, d.CrossAttention.Heads.Value, d.Hidden.Value, d.CrossAttention.SeqLen.Value,
            d.CrossAttention.KeyCount, d.LayerNormEps.Value, d.Activation.Value, d.NormFirst.Value);
}
