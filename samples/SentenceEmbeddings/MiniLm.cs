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

    /// <summary>Tokens per sentence, [CLS] and [SEP] included: longer sentences are truncated, shorter ones padded.</summary>
    public const int SeqLen = 128;

    public const double LayerNormEps = 1e-12;

    /// <summary>HuggingFace's name for the exact (erf) GELU the layers declare.</summary>
    public const string HiddenAct = "gelu";
}

/// <summary>BERT's embeddings: word + position + token type, then LayerNorm.</summary>
[BertEmbeddings(VocabSize = MiniLm.VocabSize, MaxPositions = MiniLm.MaxPositions, TypeVocabSize = MiniLm.TypeVocabSize,
    DModel = MiniLm.DModel, SeqLen = MiniLm.SeqLen, LayerNormEps = MiniLm.LayerNormEps)]
public partial class MiniLmEmbeddings;

/// <summary>One BERT layer; key padding hides the positions after a sentence's last real token.</summary>
[TransformerEncoderLayer(DModel = MiniLm.DModel, Heads = MiniLm.Heads, Hidden = MiniLm.Hidden, SeqLen = MiniLm.SeqLen,
    LayerNormEps = MiniLm.LayerNormEps, Mask = AttentionMask.KeyPadding, Activation = Activation.Gelu)]
public partial class MiniLmLayer;
