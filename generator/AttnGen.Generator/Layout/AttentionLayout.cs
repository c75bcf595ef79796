using AttnGen.Generator.Model;

namespace AttnGen.Generator.Layout;

/// <summary>
/// The numbers the generated code is built from, all derived from an <see cref="AttentionSpec"/>:
/// head size, padded sizes that make every attention loop a whole number of vectors, and the matrix
/// products the block runs.
/// </summary>
/// <remarks>
/// Queries are padded to a multiple of 8 positions and each head to a multiple of 8 dimensions, with zeros
/// in the padding, so the score, softmax and context kernels never need a tail; only the padding's share of the
/// arithmetic is lost (reported by ATTN0008 for the head size).
/// </remarks>
internal sealed class AttentionLayout
{
    /// <param name="prefix">Names this attention's fields, scratch buffers, method and kernel class apart from the
    /// other parts of a layer (<c>SelfAttention</c>, <c>CrossAttention</c>); empty for a standalone block.</param>
    /// <param name="packed">Whether its owner runs it on packed sequences too (see <see cref="Packed"/>).</param>
    /// <param name="decoding">Whether its owner also decodes with a cache, a row or a few at a time (see <see cref="RunTimeRows"/>).</param>
    public AttentionLayout(AttentionSpec spec, string prefix = "", bool packed = false, bool decoding = false)
    {
        Spec = spec;
        Prefix = prefix;
        Packed = packed;
        RunTimeRows = packed || decoding;
        HeadDim = spec.DModel / spec.Heads;
        HeadDimPadded = Lanes.RoundUp(HeadDim);
        SeqLenPadded = Lanes.RoundUp(spec.SeqLen);
        ContextWidth = spec.Heads * HeadDimPadded;
        int d = spec.DModel;
        if (spec.IsCrossAttention)
        {
            QueryProjection = new GemmShape("Query", spec.SeqLen, d, d);
            KeyValueProjection = new GemmShape("KeyValue", spec.KvSeqLen, 2 * d, d);
        }
        else
        {
            QueryProjection = new GemmShape("QueryKeyValue", spec.SeqLen, 3 * d, d);
        }

        OutputProjection = new GemmShape("Output", spec.SeqLen, d, ContextWidth);
    }

    public AttentionSpec Spec { get; }

    public string Prefix { get; }

    /// <summary>
    /// Whether the owner also runs packed sequences of run-time lengths, so the projections get run-time-row entries;
    /// self-attention only, since a packed sequence's keys are its own rows.
    /// </summary>
    public bool Packed { get; }

    /// <summary>
    /// Whether the products over x (not memory's keys and values) get run-time-row entries beside their constant-row
    /// ones, which share their packed weights: for packed sequences, and for a decoder layer decoding with a cache.
    /// </summary>
    public bool RunTimeRows { get; }

    /// <summary>The file-local class holding this attention's kernels.</summary>
    public string KernelClass => Prefix + "Kernels";

    /// <summary>The instance method that runs this attention on one batch item.</summary>
    public string AttendMethod => Prefix.Length == 0 ? "Attend" : Prefix;

    public int HeadDim { get; }

    public int HeadDimPadded { get; }

    /// <summary>Query positions in whole vectors: a head's scores are stored a key per row, the queries along it.</summary>
    public int SeqLenPadded { get; }

    /// <summary>Row stride of the concatenated per-head context: <c>Heads × HeadDimPadded</c>.</summary>
    public int ContextWidth { get; }

    /// <summary>x → queries (and, for self-attention, keys and values in the same product).</summary>
    public GemmShape QueryProjection { get; }

    /// <summary>memory → keys and values, for cross-attention only.</summary>
    public GemmShape? KeyValueProjection { get; }

    /// <summary>context → y.</summary>
    public GemmShape OutputProjection { get; }

    /// <summary>Row stride of the buffer holding keys and values.</summary>
    public int KeyValueStride => (KeyValueProjection ?? QueryProjection).RowStride;

    /// <summary>Column of the first key within its buffer's rows.</summary>
    public int KeyColumn => Spec.IsCrossAttention ? 0 : Spec.DModel;

    /// <summary>Column of the first value within its buffer's rows.</summary>
    public int ValueColumn => KeyColumn + Spec.DModel;

    /// <summary>
    /// Whether the context reads each head's values in place from the projection's output. A padded head cannot: its
    /// padding would read the next head's values (or past the buffer), so its values are copied into a zeroed layout.
    /// </summary>
    public bool ValuesInPlace => HeadDimPadded == HeadDim;

    /// <summary>Row stride of the values the context reads: in place, or the copy's padded head.</summary>
    public int ValueStride => ValuesInPlace ? KeyValueStride : HeadDimPadded;

    /// <summary>
    /// Whether the output projection writes its rows wider than <c>DModel</c> (a multiple of 8) and so goes
    /// through scratch before landing in <c>y</c>.
    /// </summary>
    public bool OutputNeedsCopy => OutputProjection.RowStride != Spec.DModel;

    /// <summary>1/√HeadDim, folded into the query projection at load.</summary>
    public float Scale => (float)(1.0 / System.Math.Sqrt(HeadDim));
}
