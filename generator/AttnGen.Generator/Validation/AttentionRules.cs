using System.Collections.Generic;
using AttnGen.Generator.Model;
using AttnGen.Generator.Parsing;

namespace AttnGen.Generator.Validation;

/// <summary>The rules an attention declaration must follow, for <c>[MultiHeadAttention]</c> and the attention inside layers.</summary>
internal static class AttentionRules
{
    /// <summary>Adds a diagnostic for every broken rule.</summary>
    /// <param name="keyValueName">The argument that sets the key/value length, when it is a separate argument.</param>
    /// <returns>Whether code can be generated (no errors).</returns>
    public static bool Check(AttentionDeclaration d, AttributeArguments arguments, List<DiagnosticInfo> diagnostics,
        IEnumerable<(string Name, int Value)> otherSizes, string? keyValueName = null)
    {
        int errorsBefore = diagnostics.Count;
        var sizes = new List<(string Name, int Value)> { ("DModel", d.DModel), ("Heads", d.Heads) };
        sizes.AddRange(otherSizes);
        sizes.Add(("SeqLen", d.SeqLen));
        if (keyValueName is not null)
        {
            sizes.Add((keyValueName, d.KvSeqLen));
        }

        bool allPositive = SizeRules.CheckSizes(sizes, arguments, diagnostics);
        BlockRules.MaskFlags(d.Mask, arguments, diagnostics);
        if (allPositive)
        {
            BlockRules.HeadsDivideModel(d.DModel, d.Heads, arguments, diagnostics);
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
}
