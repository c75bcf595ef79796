namespace AttnGen.Generator.Layout;

/// <summary>One vector of a tile row: its type (<c>Vector512</c>…) and its first column within the tile.</summary>
internal sealed record TileVector(string Type, int Column);
