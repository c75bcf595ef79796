namespace AttnGen.Generator.Model;

/// <summary>A <c>[FeedForward]</c> declaration.</summary>
internal sealed record FeedForwardSpec(TypeTarget Target, int DModel, int Hidden, Activation Activation, bool Bias) : IBlockSpec;
