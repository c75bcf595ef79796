using Xunit.Sdk;

namespace AttnGen.Testing;

/// <summary>The project's accuracy bar: |actual − expected| ≤ 5e-5 + 5e-5·|expected|, element by element.</summary>
internal static class Tolerance
{
    public const double Absolute = 5e-5, Relative = 5e-5;

    public static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string what)
    {
        if (expected.Length != actual.Length)
        {
            throw new XunitException($"{what}: expected {expected.Length} values, got {actual.Length}.");
        }

        for (int i = 0; i < expected.Length; i++)
        {
            double e = expected[i], a = actual[i];
            if (!(Math.Abs(a - e) <= Absolute + Relative * Math.Abs(e)))
            {
                throw new XunitException(
                    $"{what}[{i}]: expected {e:R}, got {a:R} (difference {Math.Abs(a - e):E3}, allowed {Absolute + Relative * Math.Abs(e):E3}).");
            }
        }
    }

    public static void AssertClose(ReadOnlySpan<double> expected, ReadOnlySpan<float> actual, string what)
    {
        var rounded = new float[expected.Length];
        for (int i = 0; i < rounded.Length; i++)
        {
            rounded[i] = (float)expected[i];
        }

        AssertClose(rounded, actual, what);
    }
}
