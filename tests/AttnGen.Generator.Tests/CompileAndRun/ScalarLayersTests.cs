namespace AttnGen.Generator.Tests.CompileAndRun;

/// <summary>The oracle's own erf, which everything GELU is judged by, against published values.</summary>
public sealed class ScalarLayersTests
{
    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(1e-10, 1.1283791670955126e-10)]
    [InlineData(0.1, 0.1124629160182848922)]
    [InlineData(0.5, 0.5204998778130465377)]
    [InlineData(1.0, 0.8427007929497148693)]
    [InlineData(-1.0, -0.8427007929497148693)]
    [InlineData(2.0, 0.9953222650189527342)]
    [InlineData(3.0, 0.9999779095030014146)]
    [InlineData(-4.5, -0.9999999998033839558)]
    [InlineData(5.9, 0.9999999999999999)]
    [InlineData(40.0, 1.0)]
    public void Erf_matches_published_values(double x, double erf) =>
        Assert.Equal(erf, ScalarLayers.Erf(x), 1e-15);
}
