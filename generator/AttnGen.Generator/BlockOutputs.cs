using System.Collections.Immutable;
using AttnGen.Generator.Model;
using Microsoft.CodeAnalysis;

namespace AttnGen.Generator;

/// <summary>What one block kind's steps produce: its diagnostics and its files, each collected over every class.</summary>
internal sealed record BlockOutputs(
    IncrementalValueProvider<ImmutableArray<DiagnosticInfo>> Diagnostics,
    IncrementalValueProvider<ImmutableArray<GeneratedFile>> Files);
