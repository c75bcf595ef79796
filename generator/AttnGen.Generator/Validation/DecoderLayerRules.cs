using System.Collections.Generic;
using AttnGen.Generator.Declarations;
using AttnGen.Generator.Model;

namespace AttnGen.Generator.Validation;

/// <summary>The rules a <c>[TransformerDecoderLayer]</c> follows.</summary>
internal static class DecoderLayerRules
{
    public static List<DiagnosticInfo> Check(DecoderLayerDeclaration declaration)
    {
        var diagnostics = new List<DiagnosticInfo>();
        AttentionShape attention = declaration.CrossAttention;
        if (AttentionRules.Check(attention, [declaration.Hidden], declaration.Attribute, diagnostics))
        {
            SizeRules.CheckSampleSize("Heads × SeqLen × SeqLen (one sample's self-attention weights)",
                (long)attention.Heads.Value * attention.SeqLen.Value * attention.SeqLen.Value, declaration.Attribute, diagnostics);
            FeedForwardRules.CheckWeightSize(attention.DModel.Value, declaration.Hidden.Value, declaration.Attribute, diagnostics);
        }

        BlockRules.LayerNormEps(declaration.LayerNormEps, diagnostics);
        BlockRules.ActivationDefined(declaration.Activation, diagnostics);
        return diagnostics;
    }

    public static List<DiagnosticInfo> Advise(DecoderLayerDeclaration declaration)
    {
        var diagnostics = new List<DiagnosticInfo>();
        BlockRules.AdviseHeadDim(declaration.CrossAttention, diagnostics);
        return diagnostics;
    }
}
