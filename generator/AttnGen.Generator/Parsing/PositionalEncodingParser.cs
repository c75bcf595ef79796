using System.Collections.Generic;
using System.Threading;
using AttnGen.Generator.Diagnostics;
using AttnGen.Generator.Model;
using AttnGen.Generator.Validation;
using Microsoft.CodeAnalysis;

namespace AttnGen.Generator.Parsing;

/// <summary>Turns one <c>[SinusoidalPositionalEncoding]</c> application into a <see cref="PositionalEncodingSpec"/> and its diagnostics.</summary>
internal static class PositionalEncodingParser
{
    /// <summary>
    /// The most table entries emitted as source: each is a literal of about 12 characters, so this keeps the generated
    /// file near 12 MB (e.g. 2048 positions × 512). Larger tables belong in a weight file.
    /// </summary>
    public const long MaxTableElements = 1L << 20;

    public static ParseResult<PositionalEncodingSpec> Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken) =>
        BlockParser.Parse(context, cancellationToken, Check, static (target, a, _) =>
            new PositionalEncodingSpec(target, a.Int("MaxLength"), a.Int("DModel")), allowStatic: true, hasKernels: false);

    private static bool Check(AttributeArguments a, List<DiagnosticInfo> diagnostics)
    {
        int errorsBefore = diagnostics.Count;
        int maxLength = a.Int("MaxLength"), dModel = a.Int("DModel");
        if (SizeRules.CheckSizes([("MaxLength", maxLength), ("DModel", dModel)], a, diagnostics) && (long)maxLength * dModel > MaxTableElements)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SizeAboveLimit, a.AttributeLocation,
                "MaxLength × DModel (the table's entries)", ((long)maxLength * dModel).ToString(System.Globalization.CultureInfo.InvariantCulture),
                MaxTableElements.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "the table is emitted as source text, and a larger one would bloat every build"));
        }

        return diagnostics.Count == errorsBefore;
    }
}
