namespace AttnGen.Samples.Tests.RealModel;

/// <summary>A float tensor under its HuggingFace name, row-major in HuggingFace's layout.</summary>
internal sealed record NamedTensor(string Name, int[] Shape, float[] Values);
