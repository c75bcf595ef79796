using Microsoft.CodeAnalysis;

namespace AttnGen.Generator.Declarations;

/// <summary>A <c>[BertEmbeddings]</c> as written, read once: the rules check it and the spec is built from it.</summary>
/// <param name="Attribute">The attribute application, where a diagnostic about several values together points.</param>
internal sealed record BertEmbeddingsDeclaration(
    Location? Attribute, Argument<int> VocabSize, Argument<int> MaxPositions, Argument<int> TypeVocabSize,
    Argument<int> DModel, Argument<int> SeqLen, Argument<double> LayerNormEps);
