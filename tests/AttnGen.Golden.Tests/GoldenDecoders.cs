namespace AttnGen.Golden.Tests;

// One declaration per decoder-only case in tests/data/decoding, shaped by its metadata (GoldenDecodingTests checks they agree).

[CausalDecoderLayer(DModel = 128, Heads = 2, Hidden = 160, MaxSeqLen = 13, NormEps = 1e-5, Activation = Activation.GeluTanh, Bias = true)]
public partial class GoldenGpt2;

[CausalDecoderLayer(DModel = 64, Heads = 4, Hidden = 128, MaxSeqLen = 11, NormEps = 1e-6, Norm = NormKind.RmsNorm, Ffn = FfnKind.SwiGlu,
    RotaryTheta = 10000)]
public partial class GoldenLlamaMha;

[CausalDecoderLayer(DModel = 96, Heads = 6, KvHeads = 3, Hidden = 136, MaxSeqLen = 9, NormEps = 1e-5, Norm = NormKind.RmsNorm,
    Ffn = FfnKind.SwiGlu, RotaryTheta = 10000)]
public partial class GoldenLlamaGqa;

[CausalDecoderLayer(DModel = 128, Heads = 2, KvHeads = 1, Hidden = 96, MaxSeqLen = 10, NormEps = 1e-6, Norm = NormKind.RmsNorm,
    Ffn = FfnKind.SwiGlu, RotaryTheta = 500000)]
public partial class GoldenLlamaMqa;

[CausalDecoderLayer(DModel = 64, Heads = 4, KvHeads = 2, Hidden = 96, MaxSeqLen = 12, NormEps = 1e-6, Norm = NormKind.RmsNorm,
    Ffn = FfnKind.SwiGlu, RotaryTheta = 10000, QkvBias = true)]
public partial class GoldenQwen2;

[CausalDecoderLayer(DModel = 160, Heads = 2, KvHeads = 1, Hidden = 48, MaxSeqLen = 7, NormEps = 1e-5, Norm = NormKind.RmsNorm,
    Ffn = FfnKind.SwiGlu, RotaryTheta = 500000)]
public partial class GoldenLlamaHeadDim80;

[CausalDecoderLayer(DModel = 32, Heads = 2, KvHeads = 1, Hidden = 48, MaxSeqLen = 6, NormEps = 1e-5, Norm = NormKind.RmsNorm,
    Ffn = FfnKind.SwiGlu, RotaryTheta = 10000, Bias = true)]
public partial class GoldenLlamaAllBias;
