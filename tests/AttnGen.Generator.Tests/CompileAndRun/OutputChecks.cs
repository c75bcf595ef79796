using AttnGen.Testing;
using Xunit.Sdk;

namespace AttnGen.Generator.Tests.CompileAndRun;

/// <summary>The comparisons every compile-and-run test makes, with failures that name the element by its coordinates.</summary>
internal static class OutputChecks
{
    /// <summary>
    /// Checks every configuration of a group, collecting each failure with the configuration that caused it, so one
    /// run reports every broken shape rather than the first.
    /// </summary>
    /// <param name="check">Throws for a configuration that is wrong; its <c>ToString</c> must reproduce the failure.</param>
    public static void CheckEach<TConfiguration>(IReadOnlyCollection<TConfiguration> configurations, string group, Action<TConfiguration> check)
        where TConfiguration : notnull
    {
        var failures = new List<string>();
        foreach (TConfiguration configuration in configurations)
        {
            try
            {
                check(configuration);
            }
            catch (Exception e)
            {
                failures.Add($"{configuration}:{Environment.NewLine}    {e.GetType().Name}: {e.Message}");
            }
        }

        if (failures.Count > 0)
        {
            throw new XunitException(
                $"{failures.Count} of {configurations.Count} configurations in group {group} differ from the scalar reference:"
                + Environment.NewLine + string.Join(Environment.NewLine, failures));
        }
    }

    public static void RequireFinite(float[] values, string what, int[] shape)
    {
        int bad = Array.FindIndex(values, v => !float.IsFinite(v));
        if (bad >= 0)
        {
            throw new XunitException($"{what}{Index(bad, shape)} is {values[bad]:R}; {values.Count(v => !float.IsFinite(v))} values are not finite.");
        }
    }

    /// <summary><see cref="Tolerance.AssertClose(ReadOnlySpan{double}, ReadOnlySpan{float}, string)"/>, with the failing element's coordinates and how many fail.</summary>
    public static void AssertClose(double[] expected, float[] actual, string what, int[] shape)
    {
        try
        {
            Tolerance.AssertClose(expected, actual, what);
        }
        catch (XunitException e)
        {
            int first = -1, count = 0;
            for (int i = 0; i < expected.Length; i++)
            {
                double wanted = (float)expected[i];
                if (!(Math.Abs(actual[i] - wanted) <= Tolerance.Absolute + Tolerance.Relative * Math.Abs(wanted)))
                {
                    count++;
                    first = first < 0 ? i : first;
                }
            }

            throw new XunitException($"{e.Message} First at {what}{Index(first, shape)}; {count} of {expected.Length} elements out of tolerance.");
        }
    }

    /// <summary>Two results of the same computation must agree to the bit (docs/DESIGN.md §4: run to run, alone or in a batch).</summary>
    /// <param name="how">How the two results were obtained, such as <c>"in the batch" / "alone"</c>, for the message.</param>
    public static void RequireBitIdentical(float[] expected, float[] actual, string what, int[] shape, (string Expected, string Actual) how)
    {
        int differs = Enumerable.Range(0, expected.Length)
            .FirstOrDefault(i => BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]), -1);
        if (differs >= 0)
        {
            throw new XunitException($"{what}{Index(differs, shape)} is {expected[differs]:R} {how.Expected} "
                + $"but {actual[differs]:R} {how.Actual}; results must be bit-identical.");
        }
    }

    /// <summary>A flat index as coordinates, such as <c>[1, 0, 5, 3]</c>.</summary>
    public static string Index(int flat, int[] shape)
    {
        var coordinates = new int[shape.Length];
        for (int axis = shape.Length - 1; axis >= 0; axis--)
        {
            coordinates[axis] = flat % shape[axis];
            flat /= shape[axis];
        }

        return "[" + string.Join(", ", coordinates) + "]";
    }
}
