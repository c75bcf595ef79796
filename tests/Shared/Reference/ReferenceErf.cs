namespace AttnGen.Testing;

/// <summary>
/// erf and erfc in double precision, which .NET lacks, for the reference GELU that the float activations and every
/// generated GELU are measured against: erf to about 1e-15 relative, erfc to 1e-15 relative from 2.5 up and 1e-12
/// below (erfc is what keeps GELU's negative tail accurate). Slow and simple on purpose: a series below 2.5, a
/// continued fraction above, each where it needs at most 40 terms.
/// </summary>
internal static class ReferenceErf
{
    private const double SeriesLimit = 2.5;
    private static readonly double InverseSqrtPi = 1 / Math.Sqrt(Math.PI);

    public static double Erf(double x)
    {
        double a = Math.Abs(x);
        double value = a < SeriesLimit ? Series(a) : 1 - ContinuedFraction(a);
        return Math.CopySign(value, x);
    }

    /// <summary>erfc(x) = 1 − erf(x), with full relative accuracy in the positive tail.</summary>
    public static double Erfc(double x)
    {
        if (x < 0)
        {
            return 1 + Erf(-x);
        }

        return x < SeriesLimit ? 1 - Series(x) : ContinuedFraction(x);
    }

    /// <summary>
    /// erf(x) = 2/√π·exp(−x²)·Σ 2ⁿ·x²ⁿ⁺¹/(1·3·5·…·(2n+1)) for x ≥ 0: every term is positive, so the sum loses
    /// nothing to cancellation (unlike the alternating Taylor series).
    /// </summary>
    private static double Series(double x)
    {
        double term = x, sum = x, ratio = 2 * x * x;
        for (int n = 1; term > sum * 1e-17; n++)
        {
            term *= ratio / (2 * n + 1);
            sum += term;
        }

        return 2 * InverseSqrtPi * Math.Exp(-x * x) * sum;
    }

    /// <summary>
    /// erfc(x) = exp(−x²)/√π · 1/(x + (1/2)/(x + (2/2)/(x + (3/2)/(x + …)))) for x ≥ 2.5, evaluated from the top by
    /// the modified Lentz method.
    /// </summary>
    private static double ContinuedFraction(double x)
    {
        if (double.IsPositiveInfinity(x))
        {
            return 0;
        }

        double fraction = x, c = x, d = 0;
        for (int n = 1; n < 1000; n++)
        {
            double numerator = n * 0.5;
            d = 1 / (x + numerator * d);
            c = x + numerator / c;
            double delta = c * d;
            fraction *= delta;
            if (Math.Abs(delta - 1) < 1e-16)
            {
                break;
            }
        }

        return InverseSqrtPi * Math.Exp(-x * x) / fraction;
    }
}
