using AttnGen.Generator.Kernels;
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

    /// <summary>
    /// The scratch buffers of sub-layer <paramref name="index"/> (from 0): the residual stream it adds to, the rows its
    /// function reads (normalised first, pre-norm), and where the stream goes next.
    /// </summary>
    public (string Residual, string Input, string Target) SublayerBuffers(int index)
    {
        string residual = index == 0 ? "Input" : "State";
        return (residual, NormFirst ? "Normed" : residual, index == SublayerCount - 1 ? "Output" : "State");
    }

    /// <summary>Pre-norm: <c>normed = LayerNorm{norm}(residual)</c> over <paramref name="count"/> rows; the arguments are <c>ref float</c> expressions.</summary>
    public static string NormStatement(int norm, string residual, string normed, string count) =>
        $"{LayerNormEmitter.Call("Norm")}(ref {residual}, ref _weights.Norm{norm}Weight.Start, ref _weights.Norm{norm}Bias.Start, ref {normed}, {count});";

    /// <summary>
    /// The end of sub-layer <paramref name="norm"/> (from 1) over <paramref name="count"/> rows: <c>target = residual +
    /// sublayer</c> (pre-norm) or <c>LayerNorm{norm}(residual + sublayer)</c> (post-norm).
    /// </summary>
    public string CloseStatement(int norm, string residual, string sublayer, string target, string count) => NormFirst
        ? $"{LayerNormEmitter.Call("AddResidual")}(ref {residual}, ref {sublayer}, ref {target}, {count});"
        : $"{LayerNormEmitter.Call("AddNorm")}(ref {residual}, ref {sublayer}, ref _weights.Norm{norm}Weight.Start, ref _weights.Norm{norm}Bias.Start, ref {target}, {count});";
}
