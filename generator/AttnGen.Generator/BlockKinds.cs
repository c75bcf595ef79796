using System.Linq;
using AttnGen.Generator.Emitting;
using AttnGen.Generator.Model;
using AttnGen.Generator.Parsing;

namespace AttnGen.Generator;

/// <summary>
/// Every block attribute the generator answers, with its parser and emitter: the one list from which the pipeline's
/// steps (<see cref="AttentionGenerator"/>) and the attribute names the parsers check for are derived.
/// </summary>
internal static class BlockKinds
{
    public static readonly IBlockKind[] All =
    [
        new BlockKind<AttentionSpec>("AttnGen.MultiHeadAttentionAttribute", AttentionParser.Parse, AttentionEmitter.Emit),
        new BlockKind<FeedForwardSpec>("AttnGen.FeedForwardAttribute", FeedForwardParser.Parse, FeedForwardEmitter.Emit),
        new BlockKind<EncoderLayerSpec>("AttnGen.TransformerEncoderLayerAttribute", EncoderLayerParser.Parse, EncoderLayerEmitter.Emit),
        new BlockKind<DecoderLayerSpec>("AttnGen.TransformerDecoderLayerAttribute", DecoderLayerParser.Parse, DecoderLayerEmitter.Emit),
        new BlockKind<BertEmbeddingsSpec>("AttnGen.BertEmbeddingsAttribute", BertEmbeddingsParser.Parse, BertEmbeddingsEmitter.Emit),
        new BlockKind<PositionalEncodingSpec>("AttnGen.SinusoidalPositionalEncodingAttribute", PositionalEncodingParser.Parse, PositionalEncodingEmitter.Emit),
    ];

    /// <summary>Every block attribute's metadata name; a class may carry only one of them.</summary>
    public static readonly string[] AttributeNames = [.. All.Select(kind => kind.AttributeName)];
}
