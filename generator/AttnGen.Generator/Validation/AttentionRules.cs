using System.Collections.Generic;
using AttnGen.Generator.Declarations;
using AttnGen.Generator.Model;
using Microsoft.CodeAnalysis;

namespace AttnGen.Generator.Validation;

/// <summary>The rules an attention's shape follows, for <c>[MultiHeadAttention]</c> and the attention inside layers.</summary>
internal static class AttentionRules
{
    /// <summary>Adds a diagnostic for every broken rule.</summary>
    /// <param name="otherSizes">The sizes of the block around the attention, checked with its own, in the order written in messages.</param>
    /// <returns>Whether every size and rule holds, so that the block's rules about sizes combined may run.</returns>
    public static bool Check(AttentionShape shape, IEnumerable<Argument<int>> otherSizes, Location? attribute, List<DiagnosticInfo> diagnostics)
    {
        int errorsBefore = diagnostics.Count;
        var sizes = new List<Argument<int>> { shape.DModel, shape.Heads };
        sizes.AddRange(otherSizes);
        sizes.Add(shape.SeqLen);
        if (shape.KeyValueLength is { } keyValueLength)
        {
            sizes.Add(keyValueLength);
        }

        bool allValid = SizeRules.CheckSizes(sizes, diagnostics);
        if (shape.Mask is { } mask)
        {
            BlockRules.MaskFlags(mask, diagnostics);
        }

        if (allValid)
        {
            BlockRules.HeadsDivideModel(shape.DModel, shape.Heads, diagnostics);
        }

        if (allValid && diagnostics.Count == errorsBefore)
        {
            SizeRules.CheckSampleSize("Heads × SeqLen × KvSeqLen (one sample's attention weights)",
                (long)shape.Heads.Value * shape.SeqLen.Value * shape.KeyCount, attribute, diagnostics);
            SizeRules.CheckSampleSize("(SeqLen + 2 × KvSeqLen) × DModel (one sample's projections)",
                ((long)shape.SeqLen.Value + 2L * shape.KeyCount) * shape.DModel.Value, attribute, diagnostics);
        }

        return allValid && diagnostics.Count == errorsBefore;
    }
}
