using System.Collections.Generic;
using System.Threading;
using AttnGen.Generator.Declarations;
using AttnGen.Generator.Diagnostics;
using AttnGen.Generator.Model;
using AttnGen.Generator.Parsing;
using AttnGen.Generator.Validation;
using Microsoft.CodeAnalysis;

namespace AttnGen.Generator.Definitions;

/// <summary>
/// What a <c>[SinusoidalPositionalEncoding]</c> is: its arguments, its rules, the members it adds and the spec it
/// becomes.
/// </summary>
internal static class PositionalEncodingDefinition
{
    /// <summary>
    /// The most table entries emitted as source: each is a literal of about 12 characters, so this keeps the generated
    /// file near 12 MB (e.g. 2048 positions × 512). Larger tables belong in a weight file.
    /// </summary>
    public const long MaxTableElements = 1L << 20;

    /// <summary>Only static members and no constructor: the class may be static, abstract, or have a primary constructor.</summary>
    public static readonly GeneratedMembers Members = new(["MaxLength", "DModel", "Table", "AddTo", "TableValues", "AddRows"]);

    private static readonly SinusoidalPositionalEncodingAttribute Defaults = new();

    public static ParseResult<PositionalEncodingSpec> Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken) =>
        BlockParser.Parse(context, cancellationToken, Members, Read, Check, Create, hasKernels: false);

    private static PositionalEncodingDeclaration Read(AttributeReader a) => new(
        a.Location,
        a.Int(nameof(SinusoidalPositionalEncodingAttribute.MaxLength), Defaults.MaxLength),
        a.Int(nameof(SinusoidalPositionalEncodingAttribute.DModel), Defaults.DModel));

    private static List<DiagnosticInfo> Check(PositionalEncodingDeclaration d)
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

    private static PositionalEncodingSpec Create(TypeTarget target, PositionalEncodingDeclaration d) =>
        new(target, d.MaxLength.Value, d.DModel.Value);
}
