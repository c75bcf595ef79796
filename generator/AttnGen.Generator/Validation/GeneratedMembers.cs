using System.Collections.Generic;
using System.Linq;
using AttnGen.Generator.Declarations;

namespace AttnGen.Generator.Validation;

/// <summary>
/// What each block kind adds to the user's class: member names (public and private alike, since any of them clashes
/// with a user member of the same name) and constructors. A kind's list covers every shape of that kind, so a name is
/// taken whether or not one particular declaration uses it. A test generates every kind in many shapes and checks
/// that each member it finds is listed here.
/// </summary>
internal sealed class GeneratedMembers
{
    private const string Weights = ConstructorDeclaration.GeneratedWeights;
    private const string WorkerTeam = "global::AttnGen.WorkerTeam";

    public static readonly GeneratedMembers MultiHeadAttention = new(
        ["DModel", "Heads", "HeadDim", "SeqLen", "KvSeqLen", "Weights", "Forward", "ForwardPacked",
         "_weights", "_scratch", "_busy", "Scratch", "XLength", "MemoryLength", "WeightsLength", "ForwardItem", "Attend", "AttendPacked"],
        [Weights]);

    public static readonly GeneratedMembers FeedForward = new(
        ["DModel", "Hidden", "Weights", "Forward", "ForwardPacked",
         "_weights", "_scratch", "_busy", "Scratch", "ChunkRows", "FeedForward"],
        [Weights]);

    public static readonly GeneratedMembers EncoderLayer = new(
        ["DModel", "Heads", "HeadDim", "Hidden", "SeqLen", "Weights", "Forward", "ForwardPacked",
         .. LayerState, "_keyLength", "_chunkLengths", "_chunkCount", "_packedPhases",
         .. Phases(sublayers: 2, "SelfAttention"),
         "PackedSelfAttentionProjections", "PackedSelfAttentionHeads", "PackedSelfAttentionOutput",
         "PackedFeedForwardHidden", "PackedFeedForwardOutput"],
        [Weights], [Weights, WorkerTeam]);

    public static readonly GeneratedMembers DecoderLayer = new(
        ["DModel", "Heads", "HeadDim", "Hidden", "SeqLen", "MemorySeqLen", "Weights", "Forward",
         .. LayerState, "MemoryLength", .. Phases(sublayers: 3, "SelfAttention", "CrossAttention")],
        [Weights], [Weights, WorkerTeam]);

    public static readonly GeneratedMembers BertEmbeddings = new(
        ["VocabSize", "MaxPositions", "TypeVocabSize", "DModel", "SeqLen", "Weights", "Forward", "ForwardPacked",
         "_weights", "EmbedToken"],
        [Weights]);

    /// <summary>Only static members and no constructor: the class may be static, abstract, or have a primary constructor.</summary>
    public static readonly GeneratedMembers PositionalEncoding = new(
        ["MaxLength", "DModel", "Table", "AddTo", "TableValues", "AddRows"]);

    private GeneratedMembers(string[] names, params string[][] constructors)
    {
        Names = new HashSet<string>(names);
        Constructors = constructors;
    }

    public IReadOnlyCollection<string> Names { get; }

    /// <summary>The parameter types of each generated constructor, as <see cref="ConstructorDeclaration.ParameterTypes"/> names them.</summary>
    public IReadOnlyList<string[]> Constructors { get; }

    /// <summary>
    /// Whether the block is an instance with a generated constructor: then the class must be instantiable, and every
    /// constructor it has must be one that constructor can sit beside.
    /// </summary>
    public bool HasConstructor => Constructors.Count > 0;

    /// <summary>The state a layer keeps: its weights, scratch, worker team, and the phases the team runs.</summary>
    private static string[] LayerState =>
        ["_weights", "_scratch", "_busy", "Scratch", "_team", "_parts", "_phases", "_rows", "XLength", "ForwardItem", "RunPhases"];

    /// <summary>A layer's phases: each sub-layer's (pre-)norm and residual, each attention's three steps, the feed-forward's two.</summary>
    private static IEnumerable<string> Phases(int sublayers, params string[] attentions) =>
        Enumerable.Range(1, sublayers).SelectMany(i => new[] { $"Norm{i}", $"AddNorm{i}", $"AddResidual{i}" })
            .Concat(attentions.SelectMany(a => new[] { a + "Projections", a + "Heads", a + "Output" }))
            .Concat(["FeedForwardHidden", "FeedForwardOutput"]);
}
