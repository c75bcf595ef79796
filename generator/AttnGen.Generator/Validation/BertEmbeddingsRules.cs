using System.Collections.Generic;
using AttnGen.Generator.Declarations;
using AttnGen.Generator.Diagnostics;
using AttnGen.Generator.Model;

namespace AttnGen.Generator.Validation;

/// <summary>The rules a <c>[BertEmbeddings]</c> follows.</summary>
internal static class BertEmbeddingsRules
{
    public static List<DiagnosticInfo> Check(BertEmbeddingsDeclaration d)
    {
        var diagnostics = new List<DiagnosticInfo>();
        if (SizeRules.CheckSizes([d.VocabSize, d.MaxPositions, d.TypeVocabSize, d.DModel, d.SeqLen], diagnostics))
        {
            if (d.SeqLen.Value > d.MaxPositions.Value)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SeqLenAboveMaxPositions, d.SeqLen.Location,
                    SizeRules.Text(d.SeqLen.Value), SizeRules.Text(d.MaxPositions.Value)));
            }

            SizeRules.CheckSampleSize("VocabSize × DModel (the word-embedding table)", (long)d.VocabSize.Value * d.DModel.Value, d.Attribute, diagnostics);
            SizeRules.CheckSampleSize("SeqLen × DModel (one sample)", (long)d.SeqLen.Value * d.DModel.Value, d.Attribute, diagnostics);
        }

        BlockRules.LayerNormEps(d.LayerNormEps, diagnostics);
        return diagnostics;
    }
}
