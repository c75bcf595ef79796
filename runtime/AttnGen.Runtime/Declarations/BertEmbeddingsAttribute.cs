namespace AttnGen;

/// <summary>
/// Declares HuggingFace's <c>BertEmbeddings</c>: word, position and token-type embeddings summed, then LayerNorm.
/// The generator emits constants, <c>Weights</c>, a constructor and
/// <c>Forward(ReadOnlySpan&lt;int&gt; inputIds, ReadOnlySpan&lt;int&gt; tokenTypeIds, Span&lt;float&gt; y)</c>.
/// </summary>
/// <remarks>All six values are required; positions are <c>0…SeqLen-1</c>, so <c>SeqLen ≤ MaxPositions</c>.</remarks>
[System.AttributeUsage(System.AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
[System.Diagnostics.Conditional("ATTNGEN_KEEP_ATTRIBUTES")]
public sealed class BertEmbeddingsAttribute : BlockAttribute
{
    /// <summary>Rows of the word-embedding table (<c>vocab_size</c>).</summary>
    public int VocabSize { get; set; }

    /// <summary>Rows of the position-embedding table (<c>max_position_embeddings</c>).</summary>
    public int MaxPositions { get; set; }

    /// <summary>Rows of the token-type table (<c>type_vocab_size</c>, 2 in BERT).</summary>
    public int TypeVocabSize { get; set; }

    /// <summary>Model width (<c>hidden_size</c>).</summary>
    public int DModel { get; set; }

    /// <summary>Tokens per batch item.</summary>
    public int SeqLen { get; set; }

    /// <summary>The LayerNorm epsilon (<c>layer_norm_eps</c>, 1e-12 in BERT). Required, with no default.</summary>
    public double LayerNormEps { get; set; }
}
