namespace AttnGen.Golden.Tests;

// One declaration per multi_head_attention case in tests/data/golden, with the shape from its metadata.

[MultiHeadAttention(DModel = 64, Heads = 4, SeqLen = 16)]
public partial class MhaSelf;

[MultiHeadAttention(DModel = 64, Heads = 8, SeqLen = 10, Mask = AttentionMask.Causal)]
public partial class MhaCausal;

[MultiHeadAttention(DModel = 48, Heads = 4, SeqLen = 6, KvSeqLen = 9)]
public partial class MhaCross;

[MultiHeadAttention(DModel = 32, Heads = 4, SeqLen = 8, Mask = AttentionMask.Explicit)]
public partial class MhaExplicitAdditive;

[MultiHeadAttention(DModel = 32, Heads = 2, SeqLen = 12, Mask = AttentionMask.KeyPadding)]
public partial class MhaKeyPadding;

[MultiHeadAttention(DModel = 64, Heads = 2, SeqLen = 8, Bias = false)]
public partial class MhaNoBias;
