namespace AttnGen.Benchmarks.Decoding;

/// <summary>One layer of GPT-2 small (HF <c>GPT2Block</c>): 768 wide, 12 heads of 64, MLP 3072 with tanh GELU, biases.</summary>
/// <remarks>MaxSeqLen 1040 holds the longest row's 1024 cached positions plus the one decoded, rounded up to 16.</remarks>
[CausalDecoderLayer(DModel = 768, Heads = 12, Hidden = 3072, MaxSeqLen = 1040, NormEps = 1e-5, Activation = Activation.GeluTanh, Bias = true)]
public partial class Gpt2SmallLayer;

/// <summary>A Llama-style layer with grouped-query attention: RMSNorm, SwiGLU, rotary embedding, no biases.</summary>
/// <remarks>
/// Half of TinyLlama-1.1B's width (2048) with its head size (64) and four key/value heads; Hidden 2816 is Llama's
/// 8/3·DModel rounded up to a multiple of 256. A full-width layer is 176 MB of float32 weights, and prefilling eight
/// 1024-token caches of it for every benchmark process would take minutes on the 2-core VM; this one is 45 MB, still
/// larger than any last-level cache, so a decode step streams its weights from memory as a full-size model's does.
/// </remarks>
[CausalDecoderLayer(DModel = 1024, Heads = 16, KvHeads = 4, Hidden = 2816, MaxSeqLen = 1040, NormEps = 1e-5, Norm = NormKind.RmsNorm,
    Ffn = FfnKind.SwiGlu, RotaryTheta = 10000)]
public partial class LlamaGqaLayer;
