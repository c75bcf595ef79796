using System.Threading;
using AttnGen.Generator.Declarations;
using AttnGen.Generator.Model;
using AttnGen.Generator.Validation;
using Microsoft.CodeAnalysis;

namespace AttnGen.Generator.Parsing;

/// <summary>Turns one <c>[BertEmbeddings]</c> application into a <see cref="BertEmbeddingsSpec"/> and its diagnostics.</summary>
internal static class BertEmbeddingsParser
{
    private static readonly BertEmbeddingsAttribute Defaults = new();

    public static ParseResult<BertEmbeddingsSpec> Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken) =>
        BlockParser.Parse(context, cancellationToken, GeneratedMembers.BertEmbeddings, Read, BertEmbeddingsRules.Check, Create);

    private static BertEmbeddingsDeclaration Read(AttributeReader a) => new(
        a.Location,
        a.Int(nameof(BertEmbeddingsAttribute.VocabSize), Defaults.VocabSize),
        a.Int(nameof(BertEmbeddingsAttribute.MaxPositions), Defaults.MaxPositions),
        a.Int(nameof(BertEmbeddingsAttribute.TypeVocabSize), Defaults.TypeVocabSize),
        a.Int(nameof(BertEmbeddingsAttribute.DModel), Defaults.DModel),
        a.Int(nameof(BertEmbeddingsAttribute.SeqLen), Defaults.SeqLen),
        a.Double(nameof(BertEmbeddingsAttribute.LayerNormEps), Defaults.LayerNormEps));

    private static BertEmbeddingsSpec Create(TypeTarget target, BertEmbeddingsDeclaration d) =>
        new(target, d.VocabSize.Value, d.MaxPositions.Value, d.TypeVocabSize.Value, d.DModel.Value, d.SeqLen.Value, d.LayerNormEps.Value);
}
