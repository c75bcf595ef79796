namespace AttnGen.Golden.Tests;

/// <summary>Reproducible inputs in [−1, 1) for tests that compare runs with each other rather than with PyTorch.</summary>
internal static class RandomInputs
{
    public static float[] Of(int length)
    {
        var random = new Random(length);
        return Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
    }
}
