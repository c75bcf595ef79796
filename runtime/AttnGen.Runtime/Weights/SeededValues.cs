namespace AttnGen;

/// <summary>
/// Fills for the parameter classes' <c>Random</c> methods, drawn from a seeded <see cref="System.Random"/> so that the
/// same seed gives the same parameters on every machine.
/// </summary>
internal static class SeededValues
{
    /// <summary><paramref name="count"/> values from U(−<paramref name="limit"/>, <paramref name="limit"/>).</summary>
    public static float[] Uniform(Random random, int count, float limit)
    {
        var values = new float[count];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)((random.NextDouble() * 2 - 1) * limit);
        }

        return values;
    }

    /// <summary><paramref name="count"/> values from N(0, <paramref name="deviation"/>²), by the Box–Muller transform.</summary>
    public static float[] Normal(Random random, int count, float deviation)
    {
        var values = new float[count];
        for (int i = 0; i < values.Length; i++)
        {
            // 1 − NextDouble() lies in (0, 1], so the logarithm is finite.
            double radius = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble()));
            values[i] = (float)(radius * Math.Cos(2 * Math.PI * random.NextDouble()) * deviation);
        }

        return values;
    }
}
