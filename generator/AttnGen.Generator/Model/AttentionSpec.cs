namespace AttnGen.Generator.Model;

/// <summary>
/// Everything the emitter needs to know about one <c>[MultiHeadAttention]</c> declaration.
/// </summary>
/// <remarks>
/// The caching contract: immutable, value-equal, and free of Roslyn objects (no symbols, syntax nodes,
/// compilations or locations), so an edit that does not change the declaration leaves the generated code cached.
/// </remarks>
internal sealed record AttentionSpec(
    TypeTarget Target,
    int DModel,
    int Heads,
    int SeqLen,
    int KvSeqLen,
    bool IsCrossAttention,
    AttentionMask Mask,
    bool Bias) : IBlockSpec
{
    public bool Has(AttentionMask flag) => (Mask & flag) != 0;
}
