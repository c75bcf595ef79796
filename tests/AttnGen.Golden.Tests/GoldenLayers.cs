namespace AttnGen.Golden.Tests;

// One declaration per layer, feed-forward, embedding and encoding case in tests/data/golden, shaped by its metadata.

[FeedForward(DModel = 64, Hidden = 256, Activation = Activation.Gelu)]
public partial class FfnGelu;

[TransformerEncoderLayer(DModel = 64, Heads = 4, Hidden = 256, SeqLen = 16, LayerNormEps = 1e-5, Activation = Activation.Gelu)]
public partial class EncoderPostGelu;

[TransformerEncoderLayer(DModel = 32, Heads = 2, Hidden = 64, SeqLen = 8, LayerNormEps = 1e-5, Activation = Activation.Relu, NormFirst = true)]
public partial class EncoderPreRelu;

[TransformerEncoderLayer(DModel = 32, Heads = 4, Hidden = 128, SeqLen = 10, LayerNormEps = 1e-5, Mask = AttentionMask.Causal, Activation = Activation.GeluTanh)]
public partial class EncoderCausalGeluTanh;

[TransformerEncoderLayer(DModel = 64, Heads = 4, Hidden = 256, SeqLen = 16, LayerNormEps = 1e-12, Mask = AttentionMask.KeyPadding, Activation = Activation.Gelu)]
public partial class BertLayer;

[TransformerDecoderLayer(DModel = 32, Heads = 4, Hidden = 64, SeqLen = 7, MemorySeqLen = 9, LayerNormEps = 1e-5, Activation = Activation.Relu)]
public partial class DecoderPostRelu;

[BertEmbeddings(VocabSize = 100, MaxPositions = 32, TypeVocabSize = 2, DModel = 64, SeqLen = 16, LayerNormEps = 1e-12)]
public partial class GoldenBertEmbeddings;

[SinusoidalPositionalEncoding(MaxLength = 50, DModel = 64)]
public static partial class GoldenPositionalEncoding;
