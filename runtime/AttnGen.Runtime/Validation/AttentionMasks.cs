namespace AttnGen;

/// <summary>
/// Turns boolean masks into the additive float masks that <see cref="AttentionMask.Explicit"/> takes.
/// The two conventions in the wild are opposite, so each has its own method named for its polarity.
/// </summary>
public static class AttentionMasks
{
    /// <summary>
    /// <c>true</c> = hidden (PyTorch <c>nn.MultiheadAttention</c>'s <c>attn_mask</c> convention):
    /// writes −∞ where <paramref name="blocked"/> is true and 0 elsewhere.
    /// </summary>
    public static void FromBlocked(ReadOnlySpan<bool> blocked, Span<float> additive) =>
        Convert(blocked, additive, hiddenWhen: true);

    /// <summary>
    /// <c>true</c> = visible (<c>scaled_dot_product_attention</c>'s boolean <c>attn_mask</c> convention):
    /// writes 0 where <paramref name="allowed"/> is true and −∞ elsewhere.
    /// </summary>
    public static void FromAllowed(ReadOnlySpan<bool> allowed, Span<float> additive) =>
        Convert(allowed, additive, hiddenWhen: false);

    private static void Convert(ReadOnlySpan<bool> source, Span<float> additive, bool hiddenWhen)
    {
        Shapes.RequireLength(additive.Length, source.Length, nameof(additive), "the boolean mask's length");
        for (int i = 0; i < source.Length; i++)
        {
            additive[i] = source[i] == hiddenWhen ? float.NegativeInfinity : 0f;
        }
    }
}
