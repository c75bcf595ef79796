using System.Collections.Generic;
using System.Threading;
using AttnGen.Generator.Model;
using AttnGen.Generator.Validation;
using Microsoft.CodeAnalysis;

namespace AttnGen.Generator.Parsing;

/// <summary>Turns one <c>[TransformerEncoderLayer]</c> application into an <see cref="EncoderLayerSpec"/> and its diagnostics.</summary>
internal static class EncoderLayerParser
{
    public static ParseResult<EncoderLayerSpec> Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken) =>
        BlockParser.Parse(context, cancellationToken, Check, Create);

    private static AttentionDeclaration SelfAttention(AttributeArguments a) =>
        new(a.Int("DModel"), a.Int("Heads"), a.Int("SeqLen"), a.Int("SeqLen"), IsCrossAttention: false, a.Int("Mask"), Bias: true);

    private static bool Check(AttributeArguments arguments, List<DiagnosticInfo> diagnostics)
    {
        int errorsBefore = diagnostics.Count;
        AttentionDeclaration attention = SelfAttention(arguments);
        int hidden = arguments.Int("Hidden");
        if (AttentionRules.Check(attention, arguments, diagnostics, [("Hidden", hidden)]))
        {
            FeedForwardParser.CheckWeightSize(attention.DModel, hidden, arguments, diagnostics);
        }

        BlockRules.LayerNormEps(arguments, diagnostics);
        BlockRules.ActivationDefined(arguments.Int("Activation"), arguments, diagnostics);
        return diagnostics.Count == errorsBefore;
    }

    private static EncoderLayerSpec Create(TypeTarget target, AttributeArguments a, List<DiagnosticInfo> diagnostics)
    {
        BlockRules.AdviseHeadDim(a.Int("DModel"), a.Int("Heads"), a, diagnostics);
        return new EncoderLayerSpec(target, a.Int("DModel"), a.Int("Heads"), a.Int("Hidden"), a.Int("SeqLen"),
            a.Double("LayerNormEps"), (AttentionMask)a.Int("Mask"), (Activation)a.Int("Activation"), a.Bool("NormFirst", fallback: false));
    }
}
