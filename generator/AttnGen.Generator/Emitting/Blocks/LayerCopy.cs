
namespace AttnGen.Generator.Emitting.Blocks;

/// <summary>What a layer keeps of one <see cref="AttentionInput"/> for its phases, which may run on other threads and cannot hold spans.</summary>
/// <param name="Statement">Copies the batch item's value in.</param>
/// <param name="Buffer">The scratch buffer it fills; null where it is a field.</param>
/// <param name="Field">The field it sets, with its doc comment; null where it is a buffer.</param>
internal sealed record LayerCopy(string Statement, ScratchBuffer? Buffer, string[]? Field);
