namespace AttnGen.Runtime.Tests;

/// <summary>Tensors whose every value says where it came from, so a test can tell which tensor landed where.</summary>
internal static class TaggedTensors
{
    /// <summary><paramref name="count"/> recognisable values: <c>tag·1000 + i</c>, exact in float32.</summary>
    public static float[] Tagged(int tag, int count) => [.. Enumerable.Range(0, count).Select(i => tag * 1000f + i)];

    /// <summary>Adds a tensor whose values are <see cref="Tagged"/> with <paramref name="tag"/>, and returns them.</summary>
    public static float[] Add(WeightDictionary weights, string name, int tag, params int[] shape)
    {
        float[] values = Tagged(tag, shape.Aggregate(1, (a, b) => a * b));
        weights.Add(name, shape, values);
        return values;
    }

    /// <summary>How many problems a load error lists: one <c>"  - "</c> line each.</summary>
    public static int ProblemCount(string message) =>
        message.Split('\n').Count(line => line.TrimStart().StartsWith("- ", StringComparison.Ordinal));
}
