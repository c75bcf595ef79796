using AttnGen.Generator.Writing;

namespace AttnGen.Generator.Emitting;

/// <summary>What distinguishes one block's <c>Weights</c> class; the rest is <see cref="BlockText.EmitWeightsClass"/>.</summary>
/// <param name="Summary">What the weights hold, one sentence.</param>
/// <param name="ParametersType">The runtime parameters class they are built from.</param>
/// <param name="Mismatch">A condition on the parameters <c>p</c> that is true when their sizes differ from the declaration.</param>
/// <param name="MismatchMessage">The interpolated-string text of the error for <paramref name="Mismatch"/>.</param>
/// <param name="Fields">Emits the packed fields.</param>
/// <param name="Packing">Emits the constructor's packing of <c>p</c> into the fields.</param>
/// <param name="LoadNames">The checkpoint names <c>Load</c> reads, for its summary.</param>
/// <param name="Load">The runtime call that loads the parameters from <c>source</c>, <c>prefix</c>, <c>allowUnused</c> and <c>allowNonFinite</c>.</param>
/// <param name="Random">The runtime call that builds seeded random parameters from <c>seed</c>.</param>
internal sealed record WeightsClass(
    string Summary, string ParametersType, string Mismatch, string MismatchMessage,
    System.Action<SourceWriter> Fields, System.Action<SourceWriter> Packing, string LoadNames, string Load, string Random);
