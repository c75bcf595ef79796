using AttnGen.Generator.Emitting;
using AttnGen.Generator.Model;
using AttnGen.Generator.Parsing;

namespace AttnGen.Generator;

/// <summary>Every block attribute the generator answers, with its parser and emitter.</summary>
internal static class BlockKinds
{
    public static readonly BlockKind<AttentionSpec> MultiHeadAttention =
        new("AttnGen.MultiHeadAttentionAttribute", AttentionParser.Parse, AttentionEmitter.Emit);

    public static readonly BlockKind<FeedForwardSpec> FeedForward =
        new("AttnGen.FeedForwardAttribute", FeedForwardParser.Parse, FeedForwardEmitter.Emit);

    public static readonly BlockKind<EncoderLayerSpec> EncoderLayer =
        new("AttnGen.TransformerEncoderLayerAttribute", EncoderLayerParser.Parse, EncoderLayerEmitter.Emit);

    public static readonly BlockKind<DecoderLayerSpec> DecoderLayer =
        new("AttnGen.TransformerDecoderLayerAttribute", DecoderLayerParser.Parse, DecoderLayerEmitter.Emit);

    public static readonly BlockKind<BertEmbeddingsSpec> BertEmbeddings =
        new("AttnGen.BertEmbeddingsAttribute", BertEmbeddingsParser.Parse, BertEmbeddingsEmitter.Emit);

    public static readonly BlockKind<PositionalEncodingSpec> PositionalEncoding =
        new("AttnGen.SinusoidalPositionalEncodingAttribute", PositionalEncodingParser.Parse, PositionalEncodingEmitter.Emit);

    /// <summary>Every block attribute's metadata name; a class may carry only one of them.</summary>
    public static readonly string[] AttributeNames =
    [
        MultiHeadAttention.AttributeName, FeedForward.AttributeName, EncoderLayer.AttributeName,
        DecoderLayer.AttributeName, BertEmbeddings.AttributeName, PositionalEncoding.AttributeName,
    ];
}
