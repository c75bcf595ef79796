namespace AttnGen.Generator.Model;

// The specs of the block kinds beyond attention. Like AttentionSpec they are immutable, value-equal and free of
// Roslyn objects, so an edit that does not change a declaration leaves its generated code cached.

/// <summary>A <c>[FeedForward]</c> declaration.</summary>
internal sealed record FeedForwardSpec(TypeTarget Target, int DModel, int Hidden, Activation Activation, bool Bias) : IBlockSpec;

/// <summary>A <c>[TransformerEncoderLayer]</c> declaration.</summary>
internal sealed record EncoderLayerSpec(
    TypeTarget Target, int DModel, int Heads, int Hidden, int SeqLen, double LayerNormEps,
    AttentionMask Mask, Activation Activation, bool NormFirst) : IBlockSpec;

/// <summary>A <c>[TransformerDecoderLayer]</c> declaration.</summary>
internal sealed record DecoderLayerSpec(
    TypeTarget Target, int DModel, int Heads, int Hidden, int SeqLen, int MemorySeqLen, double LayerNormEps,
    Activation Activation, bool NormFirst) : IBlockSpec;

/// <summary>A <c>[BertEmbeddings]</c> declaration.</summary>
internal sealed record BertEmbeddingsSpec(
    TypeTarget Target, int VocabSize, int MaxPositions, int TypeVocabSize, int DModel, int SeqLen, double LayerNormEps) : IBlockSpec;

/// <summary>A <c>[SinusoidalPositionalEncoding]</c> declaration.</summary>
internal sealed record PositionalEncodingSpec(TypeTarget Target, int MaxLength, int DModel) : IBlockSpec;
