namespace AttnGen.Testing;

/// <summary>
/// The flags of <c>AttnGen.AttentionMask</c>, named and numbered as it is. A copy, because test projects that reference
/// the generator assembly see <c>AttnGen.AttentionMask</c> twice (the generator compiles the runtime's file in), and
/// naming it there is ambiguous (CS0433); those tests write the real enum into generated source by name.
/// </summary>
[Flags]
internal enum MaskFlags
{
    None = 0,

    /// <summary>Key <c>j</c> is hidden from query <c>i</c> when <c>j &gt; i</c>.</summary>
    Causal = 1,

    /// <summary>Keys at or past a batch item's valid length are hidden.</summary>
    KeyPadding = 2,

    /// <summary>An additive mask <c>[SeqLen, KvSeqLen]</c>, shared by every batch item and head, that may hold −∞.</summary>
    Explicit = 4,
}
