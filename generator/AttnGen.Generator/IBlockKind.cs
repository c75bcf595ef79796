using AttnGen.Generator.Validation;
using Microsoft.CodeAnalysis;

namespace AttnGen.Generator;

/// <summary>A block kind whatever its spec type, so that <see cref="BlockKinds.All"/> can list every kind once.</summary>
internal interface IBlockKind
{
    /// <summary>The block attribute's metadata name, such as <c>AttnGen.FeedForwardAttribute</c>.</summary>
    string AttributeName { get; }

    /// <summary>What the kind adds to the class, which the class must be able to take.</summary>
    GeneratedMembers Members { get; }

    /// <summary>Adds the kind's steps to the pipeline: the diagnostics and files of every class carrying its attribute.</summary>
    BlockOutputs Register(IncrementalGeneratorInitializationContext context, IncrementalValueProvider<bool> unoptimised);
}
