namespace AttnGen.Generator.Tests.Incrementality;

/// <summary>
/// A mid-sized project's blocks: twenty declarations of all six kinds, one file each as a project lays them out, and
/// the edit a user makes to one of them. The workload of the one-edit test (OneEditOfTwentyTests) and of the generator
/// benchmarks (tests/AttnGen.Benchmarks links this file), so the test proves what the benchmark times.
/// </summary>
internal static class TwentyDeclarations
{
    /// <summary>The edit changes this declaration's <c>SeqLen</c>: a layer, among the largest files the generator writes.</summary>
    public const string EditedHintName = "Demo.EncoderLayer0.g.cs";

    /// <summary>The edited argument as <see cref="Sources"/> has it, and as the edit makes it.</summary>
    public const string SeqLenBefore = "SeqLen = 16";

    /// <inheritdoc cref="SeqLenBefore"/>
    public const string SeqLenAfter = "SeqLen = 32";

    private static readonly (string Name, string Attribute)[] Blocks =
    [
        ("Attention0", "[MultiHeadAttention(DModel = 64, Heads = 4, SeqLen = 16, Mask = AttentionMask.Causal)]"),
        ("Attention1", "[MultiHeadAttention(DModel = 128, Heads = 8, SeqLen = 32)]"),
        ("Attention2", "[MultiHeadAttention(DModel = 32, Heads = 4, SeqLen = 8, KvSeqLen = 12, Mask = AttentionMask.KeyPadding)]"),
        ("Attention3", "[MultiHeadAttention(DModel = 256, Heads = 8, SeqLen = 64, Mask = AttentionMask.Explicit)]"),
        ("Attention4", "[MultiHeadAttention(DModel = 48, Heads = 3, SeqLen = 10, Bias = false)]"),
        ("Attention5", "[MultiHeadAttention(DModel = 96, Heads = 4, SeqLen = 20, KvSeqLen = 24)]"),
        ("FeedForward0", "[FeedForward(DModel = 64, Hidden = 256)]"),
        ("FeedForward1", "[FeedForward(DModel = 128, Hidden = 512, Activation = Activation.Relu)]"),
        ("FeedForward2", "[FeedForward(DModel = 256, Hidden = 1024, Activation = Activation.GeluTanh)]"),
        ("FeedForward3", "[FeedForward(DModel = 32, Hidden = 64, Bias = false)]"),
        ("EncoderLayer0", "[TransformerEncoderLayer(DModel = 64, Heads = 4, Hidden = 256, SeqLen = 16, LayerNormEps = 1e-5)]"),
        ("EncoderLayer1", "[TransformerEncoderLayer(DModel = 128, Heads = 8, Hidden = 512, SeqLen = 32, LayerNormEps = 1e-12, Activation = Activation.Relu)]"),
        ("EncoderLayer2", "[TransformerEncoderLayer(DModel = 256, Heads = 8, Hidden = 1024, SeqLen = 64, LayerNormEps = 1e-5, NormFirst = true)]"),
        ("EncoderLayer3", "[TransformerEncoderLayer(DModel = 32, Heads = 4, Hidden = 64, SeqLen = 8, LayerNormEps = 1e-5, Mask = AttentionMask.KeyPadding)]"),
        ("DecoderLayer0", "[TransformerDecoderLayer(DModel = 64, Heads = 4, Hidden = 256, SeqLen = 16, MemorySeqLen = 20, LayerNormEps = 1e-5)]"),
        ("DecoderLayer1", "[TransformerDecoderLayer(DModel = 128, Heads = 8, Hidden = 512, SeqLen = 32, MemorySeqLen = 32, LayerNormEps = 1e-5, NormFirst = true)]"),
        ("DecoderLayer2", "[TransformerDecoderLayer(DModel = 32, Heads = 4, Hidden = 64, SeqLen = 8, MemorySeqLen = 5, LayerNormEps = 1e-5)]"),
        ("Embeddings0", "[BertEmbeddings(VocabSize = 1000, MaxPositions = 64, TypeVocabSize = 2, DModel = 64, SeqLen = 32, LayerNormEps = 1e-12)]"),
        ("Embeddings1", "[BertEmbeddings(VocabSize = 30522, MaxPositions = 512, TypeVocabSize = 2, DModel = 384, SeqLen = 128, LayerNormEps = 1e-12)]"),
        ("Positions0", "[SinusoidalPositionalEncoding(MaxLength = 128, DModel = 64)]"),
    ];

    /// <summary>One source file per declaration; the positional encoding's class is static, as it may be.</summary>
    public static IReadOnlyList<string> Sources { get; } = Blocks
        .Select(block => $$"""
            using AttnGen;

            namespace Demo;

            {{block.Attribute}}
            public {{(block.Name.StartsWith("Positions", StringComparison.Ordinal) ? "static " : "")}}partial class {{block.Name}};
            """)
        .ToArray();

    /// <summary>Where <see cref="EditedHintName"/>'s declaration is in <see cref="Sources"/> (and in a compilation's trees).</summary>
    public static int EditedIndex { get; } = Array.FindIndex(Blocks, block => EditedHintName == $"Demo.{block.Name}.g.cs");
}
