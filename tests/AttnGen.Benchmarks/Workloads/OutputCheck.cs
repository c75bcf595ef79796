namespace AttnGen.Benchmarks.Workloads;

/// <summary>
/// Holds one system's output to PyTorch's <c>expected.y</c>. Every benchmark's setup calls it, and it throws when the
/// output is outside the tolerance, so a wrong system is never timed.
/// </summary>
internal static class OutputCheck
{
    /// <summary>Starts the line <see cref="Require"/> prints, which the table reads back from each benchmark's output.</summary>
    public const string Marker = "// Output check:";

    /// <summary>Prints the largest |actual − expected| over all elements, or throws.</summary>
    /// <exception cref="InvalidOperationException">Some element is outside <paramref name="tolerance"/>.</exception>
    public static void Require(string system, Workload workload, ReadOnlySpan<float> actual, ReadOnlySpan<float> expected,
        Tolerance tolerance)
    {
        if (actual.Length != expected.Length)
        {
            throw new InvalidOperationException($"{system} on {workload.Id}: {actual.Length} outputs, expected {expected.Length}.");
        }

        double max = 0;
        for (int i = 0; i < actual.Length; i++)
        {
            if (!tolerance.Allows(actual[i], expected[i]))
            {
                throw new InvalidOperationException(
                    $"{system} on {workload.Id} disagrees with expected.y at element {i}: {actual[i]:R} vs {expected[i]:R} " +
                    $"(tolerance {tolerance}); not timing it.");
            }

            max = Math.Max(max, Math.Abs((double)actual[i] - expected[i]));
        }

        // BenchmarkDotNet runs each benchmark in a child process; this line is how its result reaches the table.
        Console.WriteLine(FormattableString.Invariant($"{Marker} {workload.Id} | {system} | {max:E2}"));
    }
}
