namespace AttnGen.Generator.Declarations;

/// <summary>A type around the block's class.</summary>
internal sealed record ContainerDeclaration(string Name, bool IsPartial);
