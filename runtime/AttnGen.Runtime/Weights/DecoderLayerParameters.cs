namespace AttnGen;

/// <summary>
/// The parameters of one Transformer decoder layer, as PyTorch's <c>nn.TransformerDecoderLayer</c>: causal
/// self-attention, cross-attention over the memory, and a feed-forward block, each with a LayerNorm. Every projection
/// carries biases.
/// </summary>
public sealed class DecoderLayerParameters
{
    /// <summary>Creates a layer from its parts, checking that they agree on the width.</summary>
    /// <exception cref="ArgumentException">A part's <c>DModel</c> differs from the self-attention's, or a projection has no biases.</exception>
    public DecoderLayerParameters(AttentionParameters selfAttention, AttentionParameters crossAttention,
        FeedForwardParameters feedForward, LayerNormParameters norm1, LayerNormParameters norm2, LayerNormParameters norm3)
    {
        ArgumentNullException.ThrowIfNull(selfAttention);
        ArgumentNullException.ThrowIfNull(crossAttention);
        ArgumentNullException.ThrowIfNull(feedForward);
        ArgumentNullException.ThrowIfNull(norm1);
        ArgumentNullException.ThrowIfNull(norm2);
        ArgumentNullException.ThrowIfNull(norm3);
        int width = selfAttention.DModel;
        ParameterChecks.RequireWidth(crossAttention.DModel, width, nameof(crossAttention));
        ParameterChecks.RequireWidth(feedForward.DModel, width, nameof(feedForward));
        ParameterChecks.RequireWidth(norm1.DModel, width, nameof(norm1));
        ParameterChecks.RequireWidth(norm2.DModel, width, nameof(norm2));
        ParameterChecks.RequireWidth(norm3.DModel, width, nameof(norm3));
        ParameterChecks.RequireBias(selfAttention.HasBias, nameof(selfAttention));
        ParameterChecks.RequireBias(crossAttention.HasBias, nameof(crossAttention));
        ParameterChecks.RequireBias(feedForward.HasBias, nameof(feedForward));
        SelfAttention = selfAttention;
        CrossAttention = crossAttention;
        FeedForward = feedForward;
        Norm1 = norm1;
        Norm2 = norm2;
        Norm3 = norm3;
    }

    /// <summary>The causal self-attention (PyTorch's <c>self_attn</c>).</summary>
    public AttentionParameters SelfAttention { get; }

    /// <summary>The attention over the memory (PyTorch's <c>multihead_attn</c>).</summary>
    public AttentionParameters CrossAttention { get; }

    /// <summary>The feed-forward block.</summary>
    public FeedForwardParameters FeedForward { get; }

    /// <summary>The LayerNorm around the self-attention: after its residual add (post-norm) or before it (pre-norm).</summary>
    public LayerNormParameters Norm1 { get; }

    /// <summary>The LayerNorm around the cross-attention.</summary>
    public LayerNormParameters Norm2 { get; }

    /// <summary>The LayerNorm around the feed-forward block.</summary>
    public LayerNormParameters Norm3 { get; }

    /// <summary>Model width, shared by every part.</summary>
    public int DModel => SelfAttention.DModel;

    /// <summary>Width of the feed-forward hidden layer.</summary>
    public int Hidden => FeedForward.Hidden;

    /// <summary>
    /// Seeded random parameters for demos and tests: each part as its own <c>Random</c> makes them, from a seed drawn
    /// in turn from <paramref name="seed"/>, so the parts differ from each other and the same seed gives the same layer
    /// on every machine.
    /// </summary>
    public static DecoderLayerParameters Random(int dModel, int hidden, int seed)
    {
        var seeds = new Random(seed);
        // Arguments are evaluated left to right, so each part always gets the same draw.
        return new DecoderLayerParameters(
            AttentionParameters.Random(dModel, bias: true, seeds.Next()),
            AttentionParameters.Random(dModel, bias: true, seeds.Next()),
            FeedForwardParameters.Random(dModel, hidden, bias: true, seeds.Next()),
            LayerNormParameters.Random(dModel, seeds.Next()),
            LayerNormParameters.Random(dModel, seeds.Next()),
            LayerNormParameters.Random(dModel, seeds.Next()));
    }
}
