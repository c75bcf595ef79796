using AttnGen;

namespace SentenceEmbeddings;

/// <summary>
/// The shape of sentence-transformers' all-MiniLM-L6-v2, in one place: the declarations below are built from these
/// constants, and a checkpoint's config.json is checked against them.
/// </summary>
public static class MiniLm
{
    public const int VocabSize = 30522;
    public const int MaxPositions = 512;
    public const int TypeVocabSize = 2;
    public const int DModel = 384;
    public const int Heads = 12;
    public const int Hidden = 1536;
    public const int Layers = 6;

    /// <summary>
    /// The longest sentence in tokens, [CLS] and [SEP] included, as sentence-transformers reads this model (its
    /// max_seq_length); longer ones are truncated. Shorter ones cost only their own tokens: they run packed, unpadded.
    /// </summary>
    public const int SeqLen = 256;

    public const double LayerNormEps = 1e-12;

    /// <summary>HuggingFace's name for the exact (erf) GELU the layers declare.</summary>
    public const string HiddenAct = "gelu";
}

/// <summary>BERT's embeddings: word + position + token type, then LayerNorm.</summary>
[BertEmbeddings(VocabSize = MiniLm.VocabSize, MaxPositions = MiniLm.MaxPositions, TypeVocabSize = MiniLm.TypeVocabSize,
    DModel = MiniLm.DModel, SeqLen = MiniLm.SeqLen, LayerNormEps = MiniLm.LayerNormEps)]
public partial class MiniLmEmbeddings;

/// <summary>
/// One BERT layer. The sample runs it packed (<c>ForwardPacked</c>), where each sentence attends to its own tokens; key
/// padding is declared for callers of the padded <c>Forward</c>.
/// </summary>
[TransformerEncoderLayer(DModel = MiniLm.DModel, Heads = MiniLm.Heads, Hidden = MiniLm.Hidden, SeqLen = MiniLm.SeqLen,
    LayerNormEps = MiniLm.LayerNormEps, Mask = AttentionMask.KeyPadding, Activation = Activation.Gelu)]
public partial class MiniLmLayer;
