using System.Collections.Generic;
using System.Linq;
using AttnGen.Generator.Declarations;

namespace AttnGen.Generator.Validation;

/// <summary>
/// What a block kind adds to the user's class (each kind's definition has its list): member names (public and private
/// alike, since any of them clashes with a user member of the same name) and constructors. A kind's list covers every
/// shape of that kind, so a name is taken whether or not one particular declaration uses it. A test generates every
/// kind in many shapes and checks that each member it finds is listed.
/// </summary>
internal sealed class GeneratedMembers
{
    /// <summary>The generated constructor's parameter: the block's nested <c>Weights</c>.</summary>
    public const string Weights = ConstructorDeclaration.GeneratedWeights;

    /// <summary>A layer's second constructor's extra parameter.</summary>
    public const string WorkerTeam = "global::AttnGen.WorkerTeam";

    public GeneratedMembers(string[] names, params string[][] constructors)
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
    public static string[] LayerState =>
        ["_weights", "_scratch", "_busy", "Scratch", "_team", "_parts", "_phases", "_rows", "XLength", "ForwardItem", "RunPhases"];

    /// <summary>What decoding with a cache adds to a layer: the cache, its calls, and the steps they run.</summary>
    public static string[] Decoding =>
        ["Cache", "Forward", "Step", "_stepStamp", "ChunkRows", "CheckCache", "RunRows"];

    /// <summary>A layer's phases: each sub-layer's (pre-)norm and residual, each attention's three steps, the feed-forward's two.</summary>
    public static IEnumerable<string> Phases(int sublayers, params string[] attentions) =>
        Enumerable.Range(1, sublayers).SelectMany(i => new[] { $"Norm{i}", $"AddNorm{i}", $"AddResidual{i}" })
            .Concat(attentions.SelectMany(a => new[] { a + "Projections", a + "Heads", a + "Output" }))
            .Concat(["FeedForwardHidden", "FeedForwardOutput"]);
}
