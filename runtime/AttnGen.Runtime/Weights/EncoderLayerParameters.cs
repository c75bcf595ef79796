namespace AttnGen;

/// <summary>
/// The parameters of one Transformer encoder layer: self-attention and a feed-forward block, each with a LayerNorm,
/// as PyTorch's <c>nn.TransformerEncoderLayer</c> and HuggingFace's <c>BertLayer</c>. Every projection carries biases.
/// </summary>
public sealed class EncoderLayerParameters
{
    /// <summary>Creates a layer from its parts, checking that they agree on the width.</summary>
    /// <exception cref="ArgumentException">A part's <c>DModel</c> differs from the attention's, or a projection has no biases.</exception>
    public EncoderLayerParameters(AttentionParameters attention, FeedForwardParameters feedForward,
        LayerNormParameters norm1, LayerNormParameters norm2)
    {
        ArgumentNullException.ThrowIfNull(attention);
        ArgumentNullException.ThrowIfNull(feedForward);
        ArgumentNullException.ThrowIfNull(norm1);
        ArgumentNullException.ThrowIfNull(norm2);
        ParameterChecks.RequireWidth(feedForward.DModel, attention.DModel, nameof(feedForward));
        ParameterChecks.RequireWidth(norm1.DModel, attention.DModel, nameof(norm1));
        ParameterChecks.RequireWidth(norm2.DModel, attention.DModel, nameof(norm2));
        ParameterChecks.RequireBias(attention.HasBias, nameof(attention));
        ParameterChecks.RequireBias(feedForward.HasBias, nameof(feedForward));
        Attention = attention;
        FeedForward = feedForward;
        Norm1 = norm1;
        Norm2 = norm2;
    }

    /// <summary>The self-attention.</summary>
    public AttentionParameters Attention { get; }

    /// <summary>The feed-forward block.</summary>
    public FeedForwardParameters FeedForward { get; }

    /// <summary>The LayerNorm after the attention's residual add (post-norm) or before the attention (pre-norm).</summary>
    public LayerNormParameters Norm1 { get; }

    /// <summary>The LayerNorm after the feed-forward's residual add (post-norm) or before the feed-forward (pre-norm).</summary>
    public LayerNormParameters Norm2 { get; }

    /// <summary>Model width, shared by every part.</summary>
    public int DModel => Attention.DModel;

    /// <summary>Width of the feed-forward hidden layer.</summary>
    public int Hidden => FeedForward.Hidden;

    /// <summary>
    /// Seeded random parameters for demos and tests: each part as its own <c>Random</c> makes them, from a seed drawn
    /// in turn from <paramref name="seed"/>, so the parts differ from each other and the same seed gives the same layer
    /// on every machine.
    /// </summary>
    public static EncoderLayerParameters Random(int dModel, int hidden, int seed)
    {
        var seeds = new Random(seed);
        // Arguments are evaluated left to right, so each part always gets the same draw.
        return new EncoderLayerParameters(
            AttentionParameters.Random(dModel, bias: true, seeds.Next()),
            FeedForwardParameters.Random(dModel, hidden, bias: true, seeds.Next()),
            LayerNormParameters.Random(dModel, seeds.Next()),
            LayerNormParameters.Random(dModel, seeds.Next()));
    }
}
