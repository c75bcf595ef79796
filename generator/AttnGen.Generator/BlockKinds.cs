using AttnGen.Generator.Definitions;
using AttnGen.Generator.Emitting;
using AttnGen.Generator.Model;

namespace AttnGen.Generator;

/// <summary>
/// Every block attribute the generator answers, with its definition and emitter: the one list the pipeline's steps
/// (<see cref="AttentionGenerator"/>) are registered from, and the tests' list of kinds. The names come from the
/// runtime's attribute classes, compiled into the generator; the parsers know a block attribute by its base class,
/// <see cref="BlockAttribute"/>.
/// </summary>
/// <remarks>
/// A new kind is its attribute (runtime), then five generator files: a declaration (Declarations/), a definition
/// (Definitions/: arguments, rules, members), a spec (Model/), an emitter (Emitting/), and its line here.
/// </remarks>
internal static class BlockKinds
{
    public static readonly IBlockKind[] All =
    [
        new BlockKind<AttentionSpec>(typeof(MultiHeadAttentionAttribute), AttentionDefinition.Members, AttentionDefinition.Parse, AttentionEmitter.Emit),
        new BlockKind<FeedForwardSpec>(typeof(FeedForwardAttribute), FeedForwardDefinition.Members, FeedForwardDefinition.Parse, FeedForwardEmitter.Emit),
        new BlockKind<EncoderLayerSpec>(typeof(TransformerEncoderLayerAttribute), EncoderLayerDefinition.Members, EncoderLayerDefinition.Parse, EncoderLayerEmitter.Emit),
        new BlockKind<DecoderLayerSpec>(typeof(TransformerDecoderLayerAttribute), DecoderLayerDefinition.Members, DecoderLayerDefinition.Parse, DecoderLayerEmitter.Emit),
        new BlockKind<BertEmbeddingsSpec>(typeof(BertEmbeddingsAttribute), BertEmbeddingsDefinition.Members, BertEmbeddingsDefinition.Parse, BertEmbeddingsEmitter.Emit),
        new BlockKind<CausalDecoderLayerSpec>(typeof(CausalDecoderLayerAttribute),
            CausalDecoderLayerDefinition.Members, CausalDecoderLayerDefinition.Parse, CausalDecoderLayerEmitter.Emit),
        new BlockKind<PositionalEncodingSpec>(typeof(SinusoidalPositionalEncodingAttribute),
            PositionalEncodingDefinition.Members, PositionalEncodingDefinition.Parse, PositionalEncodingEmitter.Emit),
    ];
}
