namespace AttnGen.Generator.Emitting.Blocks;

/// <summary>One scratch buffer of a block instance: its field, its length in floats, and a shape comment.</summary>
/// <param name="PerPart">Whether each part of a parallel run needs its own copy (an array of buffers, indexed by part).</param>
internal sealed record ScratchBuffer(string Field, int Length, string Shape, bool PerPart = false);
