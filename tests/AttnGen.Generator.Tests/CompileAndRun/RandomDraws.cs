namespace AttnGen.Generator.Tests.CompileAndRun;

/// <summary>The random choices the configuration sets share, so that every kind leans towards the same edges.</summary>
internal static class RandomDraws
{
    /// <summary>1…<paramref name="max"/>, but 1…8 a third of the time, where vector tails and single elements dominate.</summary>
    public static int Size(Random random, int max) => random.Next(1, random.Next(3) == 0 ? Math.Min(8, max) + 1 : max + 1);

    /// <summary>A LayerNorm epsilon: PyTorch's 1e-5 or BERT's 1e-12.</summary>
    public static double Eps(Random random) => random.Next(2) == 0 ? 1e-5 : 1e-12;

    /// <summary>1…3 batch items, or an empty batch one time in eight: it must run, but leaves nothing to compare.</summary>
    public static int Batch(Random random) => random.Next(8) == 0 ? 0 : random.Next(1, 4);
}
