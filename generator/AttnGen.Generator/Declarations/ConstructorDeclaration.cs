using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace AttnGen.Generator.Declarations;

/// <summary>An instance constructor the block's class declares.</summary>
/// <param name="ParameterTypes">
/// Each parameter's type, fully qualified, or <see cref="GeneratedWeights"/> for the block's own <c>Weights</c>, which
/// the generator adds.
/// </param>
/// <param name="Location">The constructor's name in its declaration.</param>
/// <param name="CallsThis">
/// Whether it calls another constructor of the class (<c>: this(…)</c>). A chain of calls ends at a constructor that
/// calls none, and only the generated one sets the block's private state.
/// </param>
internal sealed record ConstructorDeclaration(IReadOnlyList<string> ParameterTypes, Location? Location, bool CallsThis)
{
    /// <summary>Stands for the generated nested <c>Weights</c> type, which does not exist yet when the class is read.</summary>
    public const string GeneratedWeights = "Weights";
}
