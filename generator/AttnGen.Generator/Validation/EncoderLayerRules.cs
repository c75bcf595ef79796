using System.Collections.Generic;
using AttnGen.Generator.Declarations;
using AttnGen.Generator.Model;

namespace AttnGen.Generator.Validation;

/// <summary>The rules a <c>[TransformerEncoderLayer]</c> follows.</summary>
internal static class EncoderLayerRules
{
    public static List<DiagnosticInfo> Check(EncoderLayerDeclaration declaration)
    {
        var diagnostics = new List<DiagnosticInfo>();
        AttentionShape attention = declaration.SelfAttention;
        if (AttentionRules.Check(attention, [declaration.Hidden], declaration.Attribute, diagnostics))
        {
            FeedForwardRules.CheckWeightSize(attention.DModel.Value, declaration.Hidden.Value, declaration.Attribute, diagnostics);
        }

        BlockRules.LayerNormEps(declaration.LayerNormEps, diagnostics);
        BlockRules.ActivationDefined(declaration.Activation, diagnostics);
        return diagnostics;
    }

    public static List<DiagnosticInfo> Advise(EncoderLayerDeclaration declaration)
    {
        var diagnostics = new List<DiagnosticInfo>();
        BlockRules.AdviseHeadDim(declaration.SelfAttention, diagnostics);
        return diagnostics;
    }
}
