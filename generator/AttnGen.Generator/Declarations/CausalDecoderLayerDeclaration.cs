using Microsoft.CodeAnalysis;

namespace AttnGen.Generator.Declarations;

/// <summary>A <c>[CausalDecoderLayer]</c> as written, read once: the rules check it and the spec is built from it.</summary>
/// <param name="Attribute">The attribute application, where a diagnostic about several values together points.</param>
/// <param name="KvHeads">Key/value heads; not set means <c>Heads</c>.</param>
/// <param name="RotaryTheta">The rotary base; not set means no rotary embedding.</param>
internal sealed record CausalDecoderLayerDeclaration(
    Location? Attribute, Argument<int> DModel, Argument<int> Heads, Argument<int> KvHeads, Argument<int> Hidden,
    Argument<int> MaxSeqLen, Argument<double> NormEps, Argument<NormKind> Norm, Argument<FfnKind> Ffn,
    Argument<Activation> Activation, Argument<double> RotaryTheta, Argument<bool> Bias, Argument<bool> QkvBias)
{
    /// <summary>The key/value head count the layer runs with: <c>Heads</c> when not written.</summary>
    public int KvHeadCount => KvHeads.IsSet ? KvHeads.Value : Heads.Value;
}
