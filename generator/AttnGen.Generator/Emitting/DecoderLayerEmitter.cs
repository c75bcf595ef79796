using AttnGen.Generator.Layout;
using AttnGen.Generator.Model;
using AttnGen.Generator.Writing;

namespace AttnGen.Generator.Emitting;

/// <summary>
/// Emits a <c>[TransformerDecoderLayer]</c>: causal self-attention, cross-attention over memory, then the feed-forward
/// block, over whole sequences or decoding with a cache (<see cref="DecoderLayerDecoding"/>).
/// </summary>
internal static class DecoderLayerEmitter
{
    public static string Emit(DecoderLayerSpec s)
    {
        AttentionSpec self = s.SelfAttention, cross = s.CrossAttention;
        var plan = new LayerPlan(
            s.Target, s.DModel, s.Hidden, (float)s.LayerNormEps, s.NormFirst,
            [
                $"Transformer decoder layer ({(s.NormFirst ? "pre-norm" : "post-norm")}): DModel {s.DModel}, {s.Heads} heads, {s.SeqLen} positions over {s.MemorySeqLen} memory positions,",
                $"feed-forward {s.Hidden} ({s.Activation}), LayerNorm eps {s.LayerNormEps.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}.",
            ],
            [new AttentionLayout(self, "SelfAttention", decoding: true), new AttentionLayout(cross, "CrossAttention", decoding: true)], ["SelfAttention", "CrossAttention"],
            new FeedForwardLayout("FeedForward", s.DModel, s.Hidden, s.Activation, Bias: true, s.SeqLen, RowsAtRunTime: false, WithRunTimeRows: true),
            new ForwardSignature(cross, "MemorySeqLen", WithAttentionWeights: false),
            "DecoderLayerParameters",
            "PyTorch <c>nn.TransformerDecoderLayer</c> (<c>self_attn.*</c>, <c>multihead_attn.*</c>, <c>linear1.*</c>, <c>norm1.*</c>…) names",
            $"{TypeNames.Runtime}.DecoderLayerWeightNames.Load(source, prefix, DModel, Hidden, allowUnused, allowNonFinite)",
            [
                ("DModel", s.DModel, "Model width: floats per token."),
                ("Heads", s.Heads, "Number of attention heads, in both attentions."),
                ("Hidden", s.Hidden, "Width of the feed-forward hidden layer."),
                ("SeqLen", s.SeqLen, "Target positions per batch item."),
                ("MemorySeqLen", s.MemorySeqLen, "Memory positions per batch item."),
            ],
            Decoding: true);
        return LayerEmitter.Emit(plan);
    }
}
