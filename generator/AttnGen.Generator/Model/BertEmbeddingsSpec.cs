namespace AttnGen.Generator.Model;

/// <summary>A <c>[BertEmbeddings]</c> declaration.</summary>
internal sealed record BertEmbeddingsSpec(
    TypeTarget Target, int VocabSize, int MaxPositions, int TypeVocabSize, int DModel, int SeqLen, double LayerNormEps) : IBlockSpec;
