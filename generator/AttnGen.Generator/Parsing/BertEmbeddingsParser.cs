using System.Collections.Generic;
using System.Threading;
using AttnGen.Generator.Diagnostics;
using AttnGen.Generator.Model;
using AttnGen.Generator.Validation;
using Microsoft.CodeAnalysis;

namespace AttnGen.Generator.Parsing;

/// <summary>Turns one <c>[BertEmbeddings]</c> application into a <see cref="BertEmbeddingsSpec"/> and its diagnostics.</summary>
internal static class BertEmbeddingsParser
{
    public static ParseResult<BertEmbeddingsSpec> Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken) =>
        BlockParser.Parse(context, cancellationToken, Check, static (target, a, _) =>
            new BertEmbeddingsSpec(target, a.Int("VocabSize"), a.Int("MaxPositions"), a.Int("TypeVocabSize"), a.Int("DModel"),
                a.Int("SeqLen"), a.Double("LayerNormEps")));

    private static bool Check(AttributeArguments a, List<DiagnosticInfo> diagnostics)
    {
        int errorsBefore = diagnostics.Count;
        int vocab = a.Int("VocabSize"), positions = a.Int("MaxPositions"), dModel = a.Int("DModel"), seqLen = a.Int("SeqLen");
        bool allPositive = SizeRules.CheckSizes(
            [("VocabSize", vocab), ("MaxPositions", positions), ("TypeVocabSize", a.Int("TypeVocabSize")), ("DModel", dModel), ("SeqLen", seqLen)],
            a, diagnostics);
        if (allPositive && seqLen > positions)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SeqLenAboveMaxPositions, a.LocationOf("SeqLen"),
                SizeRules.Text(seqLen), SizeRules.Text(positions)));
        }

        if (allPositive)
        {
            SizeRules.CheckSampleSize("VocabSize × DModel (the word-embedding table)", (long)vocab * dModel, a, diagnostics);
            SizeRules.CheckSampleSize("SeqLen × DModel (one sample)", (long)seqLen * dModel, a, diagnostics);
        }

        BlockRules.LayerNormEps(a, diagnostics);
        return diagnostics.Count == errorsBefore;
    }
}
