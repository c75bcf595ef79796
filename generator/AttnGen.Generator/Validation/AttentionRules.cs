using System.Collections.Generic;
using AttnGen.Generator.Diagnostics;
using AttnGen.Generator.Kernels;
using AttnGen.Generator.Model;
using AttnGen.Generator.Parsing;

namespace AttnGen.Generator.Validation;

/// <summary>The rules a <c>[MultiHeadAttention]</c> declaration must follow; pure checks on its values.</summary>
internal static class AttentionRules
{
    private const int AllMaskFlags = (int)(AttentionMask.Causal | AttentionMask.KeyPadding | AttentionMask.Explicit);

    /// <summary>Adds a diagnostic for every broken rule.</summary>
    /// <returns>Whether code can be generated (no errors).</returns>
    public static bool Check(AttentionDeclaration d, AttributeArguments arguments, List<DiagnosticInfo> diagnostics)
    {
        int errorsBefore = diagnostics.Count;
        var sizes = new List<(string Name, int Value)> { ("DModel", d.DModel), ("Heads", d.Heads), ("SeqLen", d.SeqLen) };
        if (d.IsCrossAttention)
        {
            sizes.Add(("KvSeqLen", d.KvSeqLen));
        }

        bool allPositive = SizeRules.CheckSizes(sizes, arguments, diagnostics);
        if ((d.Mask & ~AllMaskFlags) != 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UndefinedMaskFlags, arguments.LocationOf("Mask"),
                d.Mask.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        if (allPositive && d.DModel % d.Heads != 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.HeadsDoNotDivideModel, arguments.LocationOf("Heads"),
                SizeRules.Text(d.DModel), SizeRules.Text(d.Heads)));
        }

        if (allPositive && diagnostics.Count == errorsBefore)
        {
            SizeRules.CheckSampleSize("Heads × SeqLen × KvSeqLen (one sample's attention weights)",
                (long)d.Heads * d.SeqLen * d.KvSeqLen, arguments, diagnostics);
            SizeRules.CheckSampleSize("(SeqLen + 2 × KvSeqLen) × DModel (one sample's projections)",
                ((long)d.SeqLen + 2L * d.KvSeqLen) * d.DModel, arguments, diagnostics);
        }

        return diagnostics.Count == errorsBefore;
    }

    /// <summary>
    /// Adds the Info diagnostics of a valid declaration that will generate code: what its shape costs.
    /// </summary>
    public static void Advise(AttentionDeclaration d, AttributeArguments arguments, List<DiagnosticInfo> diagnostics)
    {
        int headDim = d.DModel / d.Heads;
        if (headDim % 8 != 0)
        {
            int padded = Lanes.RoundUp(headDim);
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.HeadDimPadded, arguments.LocationOf("Heads"),
                SizeRules.Text(headDim), SizeRules.Text(padded), SizeRules.Text((padded - headDim) * 100 / padded)));
        }
    }
}
