using AttnGen.Generator.Emitting;
using AttnGen.Generator.Model;
using AttnGen.Generator.Parsing;

namespace AttnGen.Generator;

/// <summary>
/// Every block attribute the generator answers, with its parser and emitter: the one list the pipeline's steps
/// (<see cref="AttentionGenerator"/>) are registered from. The names come from the runtime's attribute classes,
/// compiled into the generator; the parsers know a block attribute by its base class, <see cref="BlockAttribute"/>.
/// </summary>
internal static class BlockKinds
{
    public static readonly IBlockKind[] All =
    [
        new BlockKind<AttentionSpec>(typeof(MultiHeadAttentionAttribute).FullName!, AttentionParser.Parse, AttentionEmitter.Emit),
        new BlockKind<FeedForwardSpec>(typeof(FeedForwardAttribute).FullName!, FeedForwardParser.Parse, FeedForwardEmitter.Emit),
        new BlockKind<EncoderLayerSpec>(typeof(TransformerEncoderLayerAttribute).FullName!, EncoderLayerParser.Parse, EncoderLayerEmitter.Emit),
        new BlockKind<DecoderLayerSpec>(typeof(TransformerDecoderLayerAttribute).FullName!, DecoderLayerParser.Parse, DecoderLayerEmitter.Emit),
        new BlockKind<BertEmbeddingsSpec>(typeof(BertEmbeddingsAttribute).FullName!, BertEmbeddingsParser.Parse, BertEmbeddingsEmitter.Emit),
        new BlockKind<PositionalEncodingSpec>(typeof(SinusoidalPositionalEncodingAttribute).FullName!, PositionalEncodingParser.Parse, PositionalEncodingEmitter.Emit),
    ];
}
