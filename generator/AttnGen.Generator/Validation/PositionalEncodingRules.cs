using System.Collections.Generic;
using AttnGen.Generator.Declarations;
using AttnGen.Generator.Diagnostics;
using AttnGen.Generator.Model;

namespace AttnGen.Generator.Validation;

/// <summary>The rules a <c>[SinusoidalPositionalEncoding]</c> follows.</summary>
internal static class PositionalEncodingRules
{
    /// <summary>
    /// The most table entries emitted as source: each is a literal of about 12 characters, so this keeps the generated
    /// file near 12 MB (e.g. 2048 positions × 512). Larger tables belong in a weight file.
    /// </summary>
    public const long MaxTableElements = 1L << 20;

    public static List<DiagnosticInfo> Check(PositionalEncodingDeclaration d)
    {
        var diagnostics = new List<DiagnosticInfo>();
        long entries = (long)d.MaxLength.Value * d.DModel.Value;
        if (SizeRules.CheckSizes([d.MaxLength, d.DModel], diagnostics) && entries > MaxTableElements)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SizeAboveLimit, d.Attribute,
                "MaxLength × DModel (the table's entries)", SizeRules.Text(entries), SizeRules.Text(MaxTableElements),
                "the table is emitted as source text, and a larger one would bloat every build"));
        }

        return diagnostics;
    }
}
