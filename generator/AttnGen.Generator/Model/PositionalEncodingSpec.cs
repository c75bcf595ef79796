namespace AttnGen.Generator.Model;

/// <summary>A <c>[SinusoidalPositionalEncoding]</c> declaration.</summary>
internal sealed record PositionalEncodingSpec(TypeTarget Target, int MaxLength, int DModel) : IBlockSpec;
