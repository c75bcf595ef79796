using AttnGen.Testing;

namespace AttnGen.Runtime.Tests;

/// <summary>
/// The shared reference's erf, erfc and GELUs, which every activation and generated block is judged by, against
/// published values.
/// </summary>
public sealed class ReferenceActivationsTests
{
    // erf to 20 significant digits, as mpmath computes it at 40; 2.4999 and 2.5 lie either side of the handover from
    // the series to the continued fraction.
    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(1e-10, 1.1283791670955125739e-10)]
    [InlineData(0.1, 0.11246291601828489220)]
    [InlineData(0.5, 0.52049987781304653768)]
    [InlineData(1.0, 0.84270079294971486934)]
    [InlineData(1.5, 0.96610514647531072707)]
    [InlineData(2.0, 0.99532226501895273416)]
    [InlineData(2.4999, 0.99959283009966654908)]
    [InlineData(2.5, 0.99959304798255504106)]
    [InlineData(2.9999, 0.99997789557351783912)]
    [InlineData(3.0, 0.99997790950300141456)]
    [InlineData(3.5, 0.99999925690162765859)]
    [InlineData(4.0, 0.99999998458274209972)]
    [InlineData(4.5, 0.99999999980338395585)]
    [InlineData(5.9, 0.99999999999999992810)]
    [InlineData(6.0, 0.99999999999999997848)]
    [InlineData(40.0, 1.0)]
    public void Erf_MatchesKnownValues(double x, double erf)
    {
        Assert.Equal(erf, ReferenceErf.Erf(x), erf * 1e-15);
        Assert.Equal(-erf, ReferenceErf.Erf(-x), erf * 1e-15);
    }

    [Fact]
    public void Erf_IsContinuousWhereTheSeriesHandsOverToTheContinuedFraction()
    {
        double below = ReferenceErf.Erf(Math.BitDecrement(2.5)), at = ReferenceErf.Erf(2.5);

        Assert.InRange(at - below, -1e-15, 1e-15);
    }

    [Theory]
    [InlineData(3, 2.209049699858544e-05)]
    [InlineData(5, 1.5374597944280349e-12)]
    [InlineData(10, 2.088487583762545e-45)]
    [InlineData(25, 8.300172571196523e-274)]
    [InlineData(-1, 1.8427007929497148)]
    public void Erfc_MatchesKnownValues_InTheTail(double x, double erfc)
    {
        Assert.Equal(erfc, ReferenceErf.Erfc(x), erfc * 1e-15);
    }

    [Fact]
    public void Gelu_IsXTimesTheNormalDistribution()
    {
        // Φ(1) = 0.841344746068542949; Φ(−2) = 0.022750131948179207.
        Assert.Equal(0.841344746068542949, ScalarLayers.Activate(ActivationKind.Gelu, 1.0), 1e-15);
        Assert.Equal(-2 * 0.022750131948179207, ScalarLayers.Activate(ActivationKind.Gelu, -2.0), 1e-15);
    }

    [Theory]
    [InlineData(-3.0)]
    [InlineData(-0.5)]
    [InlineData(0.25)]
    [InlineData(2.0)]
    public void GeluTanh_IsTheTanhFormula(double x)
    {
        double tanhForm = 0.5 * x * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));

        Assert.Equal(tanhForm, ScalarLayers.Activate(ActivationKind.GeluTanh, x), 1e-15);
    }
}
