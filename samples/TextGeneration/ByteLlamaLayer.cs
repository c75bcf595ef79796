using AttnGen;

namespace TextGeneration;

/// <summary>
/// One layer of the sample's model, as its checkpoint's metadata declares it: Llama's layer (RMSNorm, rotary
/// embedding, grouped-query attention, SwiGLU) at 256 wide, 4 query heads of 64 sharing 2 key/value heads.
/// </summary>
[CausalDecoderLayer(DModel = 256, Heads = 4, KvHeads = 2, Hidden = 704, MaxSeqLen = 256, NormEps = 1e-5, Norm = NormKind.RmsNorm,
    Ffn = FfnKind.SwiGlu, RotaryTheta = 10000)]
public sealed partial class ByteLlamaLayer;
