namespace AttnGen.Benchmarks.Workloads;

/// <summary>Peer workload T as a user declares it; weights under <c>nn.MultiheadAttention</c> names.</summary>
[MultiHeadAttention(DModel = 64, Heads = 4, SeqLen = 16, Mask = AttentionMask.Causal)]
public partial class PeerAttentionT;

/// <summary>Peer workload S: PyTorch's <c>nn.TransformerEncoderLayer</c> (post-norm, exact GELU).</summary>
[TransformerEncoderLayer(DModel = 256, Heads = 8, Hidden = 1024, SeqLen = 64, LayerNormEps = 1e-5, Activation = Activation.Gelu)]
public partial class PeerEncoderS;

/// <summary>Peer workload B: HuggingFace's <c>BertLayer</c> of BERT-base, unmasked.</summary>
[TransformerEncoderLayer(DModel = 768, Heads = 12, Hidden = 3072, SeqLen = 128, LayerNormEps = 1e-12, Activation = Activation.Gelu)]
public partial class PeerBertLayerB;
