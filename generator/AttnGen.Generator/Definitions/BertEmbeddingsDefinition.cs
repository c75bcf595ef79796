using System.Collections.Generic;
using System.Threading;
using AttnGen.Generator.Declarations;
using AttnGen.Generator.Diagnostics;
using AttnGen.Generator.Model;
using AttnGen.Generator.Parsing;
using AttnGen.Generator.Validation;
using Microsoft.CodeAnalysis;

namespace AttnGen.Generator.Definitions;

/// <summary>What a <c>[BertEmbeddings]</c> is: its arguments, its rules, the members it adds and the spec it becomes.</summary>
internal static class BertEmbeddingsDefinition
{
    public static readonly GeneratedMembers Members = new(
        ["VocabSize", "MaxPositions", "TypeVocabSize", "DModel", "SeqLen", "Weights", "Forward", "ForwardPacked",
         "_weights", "EmbedToken"],
        [GeneratedMembers.Weights]);

    private static readonly BertEmbeddingsAttribute Defaults = new();

    public static ParseResult<BertEmbeddingsSpec> Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken) =>
        BlockParser.Parse(context, cancellationToken, Members, Read, Check, Create);

    private static BertEmbeddingsDeclaration Read(AttributeReader a) => new(
        a.Location,
        a.Int(nameof(BertEmbeddingsAttribute.VocabSize), Defaults.VocabSize),
        a.Int(nameof(BertEmbeddingsAttribute.MaxPositions), Defaults.MaxPositions),
        a.Int(nameof(BertEmbeddingsAttribute.TypeVocabSize), Defaults.TypeVocabSize),
        a.Int(nameof(BertEmbeddingsAttribute.DModel), Defaults.DModel),
        a.Int(nameof(BertEmbeddingsAttribute.SeqLen), Defaults.SeqLen),
        a.Double(nameof(BertEmbeddingsAttribute.LayerNormEps), Defaults.LayerNormEps));

    private static List<DiagnosticInfo> Check(BertEmbeddingsDeclaration d)
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

        BlockRules.NormEps(d.LayerNormEps, diagnostics);
        return diagnostics;
    }

    private static BertEmbeddingsSpec Create(TypeTarget target, BertEmbeddingsDeclaration d) =>
        new(target, d.VocabSize.Value, d.MaxPositions.Value, d.TypeVocabSize.Value, d.DModel.Value, d.SeqLen.Value, d.LayerNormEps.Value);
}
