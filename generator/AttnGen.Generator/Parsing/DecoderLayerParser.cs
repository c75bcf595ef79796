using System.Collections.Generic;
using System.Threading;
using AttnGen.Generator.Model;
using AttnGen.Generator.Validation;
using Microsoft.CodeAnalysis;

namespace AttnGen.Generator.Parsing;

/// <summary>Turns one <c>[TransformerDecoderLayer]</c> application into a <see cref="DecoderLayerSpec"/> and its diagnostics.</summary>
internal static class DecoderLayerParser
{
    public static ParseResult<DecoderLayerSpec> Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken) =>
        BlockParser.Parse(context, cancellationToken, Check, Create);

    private static bool Check(AttributeArguments a, List<DiagnosticInfo> diagnostics)
    {
        int errorsBefore = diagnostics.Count;
        int dModel = a.Int("DModel"), heads = a.Int("Heads"), seqLen = a.Int("SeqLen"), hidden = a.Int("Hidden");
        // The cross-attention covers every size; the causal self-attention adds only its own weights' size.
        var crossAttention = new AttentionDeclaration(dModel, heads, seqLen, a.Int("MemorySeqLen"), IsCrossAttention: true, Mask: 0, Bias: true);
        if (AttentionRules.Check(crossAttention, a, diagnostics, [("Hidden", hidden)], keyValueName: "MemorySeqLen"))
        {
            SizeRules.CheckSampleSize("Heads × SeqLen × SeqLen (one sample's self-attention weights)",
                (long)heads * seqLen * seqLen, a, diagnostics);
            FeedForwardParser.CheckWeightSize(dModel, hidden, a, diagnostics);
        }

        BlockRules.LayerNormEps(a, diagnostics);
        BlockRules.ActivationDefined(a.Int("Activation"), a, diagnostics);
        return diagnostics.Count == errorsBefore;
    }

    private static DecoderLayerSpec Create(TypeTarget target, AttributeArguments a, List<DiagnosticInfo> diagnostics)
    {
        BlockRules.AdviseHeadDim(a.Int("DModel"), a.Int("Heads"), a, diagnostics);
        return new DecoderLayerSpec(target, a.Int("DModel"), a.Int("Heads"), a.Int("Hidden"), a.Int("SeqLen"), a.Int("MemorySeqLen"),
            a.Double("LayerNormEps"), (Activation)a.Int("Activation"), a.Bool("NormFirst", fallback: false));
    }
}
