using System.Threading;
using AttnGen.Generator.Declarations;
using AttnGen.Generator.Model;
using AttnGen.Generator.Validation;
using Microsoft.CodeAnalysis;

namespace AttnGen.Generator.Parsing;

/// <summary>Turns one <c>[TransformerEncoderLayer]</c> application into an <see cref="EncoderLayerSpec"/> and its diagnostics.</summary>
internal static class EncoderLayerParser
{
    private static readonly TransformerEncoderLayerAttribute Defaults = new();

    public static ParseResult<EncoderLayerSpec> Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken) =>
        BlockParser.Parse(context, cancellationToken, GeneratedMembers.EncoderLayer,
            Read, EncoderLayerRules.Check, Create, EncoderLayerRules.Advise);

    private static EncoderLayerDeclaration Read(AttributeReader a) => new(
        a.Location,
        new AttentionShape(
            a.Int(nameof(TransformerEncoderLayerAttribute.DModel), Defaults.DModel),
            a.Int(nameof(TransformerEncoderLayerAttribute.Heads), Defaults.Heads),
            a.Int(nameof(TransformerEncoderLayerAttribute.SeqLen), Defaults.SeqLen),
            KeyValueLength: null,
            a.Mask(nameof(TransformerEncoderLayerAttribute.Mask), Defaults.Mask)),
        a.Int(nameof(TransformerEncoderLayerAttribute.Hidden), Defaults.Hidden),
        a.Double(nameof(TransformerEncoderLayerAttribute.LayerNormEps), Defaults.LayerNormEps),
        a.Activation(nameof(TransformerEncoderLayerAttribute.Activation), Defaults.Activation),
        a.Bool(nameof(TransformerEncoderLayerAttribute.NormFirst), Defaults.NormFirst));

    private static EncoderLayerSpec Create(TypeTarget target, EncoderLayerDeclaration d) =>
        new(target, d.SelfAttention.DModel.Value, d.SelfAttention.Heads.Value, d.Hidden.Value, d.SelfAttention.SeqLen.Value,
            d.LayerNormEps.Value, d.SelfAttention.MaskValue, d.Activation.Value, d.NormFirst.Value);
}
