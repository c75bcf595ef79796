using AttnGen.Generator.Layout;
using AttnGen.Generator.Model;

namespace AttnGen.Generator.Emitting;

/// <summary>
/// Everything an encoder or decoder layer is made of: its attentions and feed-forward block (in order), one LayerNorm
/// per sub-layer, and where the norm sits.
/// </summary>
/// <param name="Summary">Comment lines describing the layer at the top of the class.</param>
/// <param name="ParametersType">The runtime parameters class the <c>Weights</c> are built from.</param>
/// <param name="AttentionParameters">For each attention, the property of <paramref name="ParametersType"/> holding it.</param>
/// <param name="LoadNames">What <c>Weights.Load</c> reads, for its summary.</param>
/// <param name="Load">The runtime call that loads the parameters.</param>
/// <param name="Constants">The shape constants, with their summaries.</param>
/// <param name="Packed">Whether the layer also runs packed sequences (<c>ForwardPacked</c>): one self-attention only.</param>
/// <param name="Decoding">
/// Whether the layer also decodes with a cache (<see cref="DecoderLayerDecoding"/>): a decoder layer, its attentions
/// self-attention then cross-attention.
/// </param>
internal sealed record LayerPlan(
    TypeTarget Target, int DModel, int Hidden, float Eps, bool NormFirst, string[] Summary,
    AttentionLayout[] Attentions, string[] AttentionParameters, FeedForwardLayout FeedForward, ForwardSignature Signature,
    string ParametersType, string LoadNames, string Load, (string Name, int Value, string Summary)[] Constants, bool Packed = false,
    bool Decoding = false)
{
    public int SublayerCount => Attentions.Length + 1;

    public int SeqLen => Signature.Attention.SeqLen;

    public int SublayerStride => Lanes.RoundUp(DModel);
}
