namespace AttnGen.Generator.Model;

/// <summary>A <c>[CausalDecoderLayer]</c> declaration.</summary>
/// <param name="RotaryTheta">The rotary base; 0 for no rotary embedding.</param>
internal sealed record CausalDecoderLayerSpec(
    TypeTarget Target, int DModel, int Heads, int KvHeads, int Hidden, int MaxSeqLen, double NormEps, NormKind Norm,
    FfnKind Ffn, Activation Activation, double RotaryTheta, bool Bias, bool QkvBias) : IBlockSpec
{
    public int HeadDim => DModel / Heads;

    /// <summary>Whether the query, key and value projections carry biases: every projection does with <c>Bias</c>.</summary>
    public bool HasQkvBias => Bias || QkvBias;
}
