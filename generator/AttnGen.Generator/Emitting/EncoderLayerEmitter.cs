using AttnGen.Generator.Layout;
using AttnGen.Generator.Model;
using AttnGen.Generator.Writing;

namespace AttnGen.Generator.Emitting;

/// <summary>Emits a <c>[TransformerEncoderLayer]</c>: masked self-attention, then the feed-forward block.</summary>
internal static class EncoderLayerEmitter
{
    public static string Emit(EncoderLayerSpec s)
    {
        AttentionSpec attention = s.SelfAttention;
        var plan = new LayerPlan(
            s.Target, s.DModel, s.Hidden, (float)s.LayerNormEps, s.NormFirst,
            [
                $"Transformer encoder layer ({(s.NormFirst ? "pre-norm" : "post-norm")}): DModel {s.DModel}, {s.Heads} heads, {s.SeqLen} positions, mask {s.Mask},",
                $"feed-forward {s.Hidden} ({s.Activation}), LayerNorm eps {s.LayerNormEps.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}.",
            ],
            [new AttentionLayout(attention, "SelfAttention", packed: true)], ["Attention"],
            new FeedForwardLayout("FeedForward", s.DModel, s.Hidden, s.Activation, Bias: true, s.SeqLen, RowsAtRunTime: false, WithRunTimeRows: true),
            new ForwardSignature(attention, "SeqLen", WithAttentionWeights: false),
            "EncoderLayerParameters",
            "PyTorch <c>nn.TransformerEncoderLayer</c> (<c>self_attn.*</c>, <c>linear1.*</c>, <c>norm1.*</c>…) or HuggingFace <c>BertLayer</c> (<c>attention.self.query.*</c>…, <c>intermediate.dense.*</c>, <c>output.LayerNorm.*</c>) names",
            $"{TypeNames.Runtime}.EncoderLayerWeightNames.Load(source, prefix, DModel, Hidden, allowUnused, allowNonFinite)",
            [
                ("DModel", s.DModel, "Model width: floats per token."),
                ("Heads", s.Heads, "Number of attention heads."),
                ("Hidden", s.Hidden, "Width of the feed-forward hidden layer."),
                ("SeqLen", s.SeqLen, "Positions per batch item; the longest sequence ForwardPacked takes."),
            ],
            Packed: true);
        return LayerEmitter.Emit(plan);
    }
}
