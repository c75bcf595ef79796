namespace AttnGen.Runtime.Tests;

/// <summary>Size checks in the constructor and the seeded <see cref="AttentionParameters.Random"/>.</summary>
public sealed class AttentionParametersTests
{
    private const int D = 3;

    private static float[] M(float fill = 1) => Enumerable.Repeat(fill, D * D).ToArray();

    private static float[] V(float fill = 1) => Enumerable.Repeat(fill, D).ToArray();

    [Fact]
    public void Constructor_KeepsTheArraysGiven()
    {
        float[] q = M(1), k = M(2), v = M(3), o = M(4), qb = V(5), kb = V(6), vb = V(7), ob = V(8);
        var p = new AttentionParameters(D, q, k, v, o, qb, kb, vb, ob);

        Assert.Equal(D, p.DModel);
        Assert.True(p.HasBias);
        Assert.Same(q, p.QueryWeight);
        Assert.Same(k, p.KeyWeight);
        Assert.Same(v, p.ValueWeight);
        Assert.Same(o, p.OutputWeight);
        Assert.Same(qb, p.QueryBias);
        Assert.Same(kb, p.KeyBias);
        Assert.Same(vb, p.ValueBias);
        Assert.Same(ob, p.OutputBias);
    }

    [Fact]
    public void Constructor_WithoutBiases_HasNoBias()
    {
        var p = new AttentionParameters(D, M(), M(), M(), M());

        Assert.False(p.HasBias);
        Assert.Null(p.QueryBias);
        Assert.Null(p.KeyBias);
        Assert.Null(p.ValueBias);
        Assert.Null(p.OutputBias);
    }

    public static TheoryData<int, string> WrongWeight => new()
    {
        { 0, "queryWeight" }, { 1, "keyWeight" }, { 2, "valueWeight" }, { 3, "outputWeight" },
    };

    [Theory]
    [MemberData(nameof(WrongWeight))]
    public void Constructor_RejectsWrongWeightLength_NamingTheArgument(int which, string name)
    {
        float[][] w = [M(), M(), M(), M()];
        w[which] = new float[D * D + 1];

        var e = Assert.Throws<ArgumentException>(() => new AttentionParameters(D, w[0], w[1], w[2], w[3]));

        Assert.Equal(name, e.ParamName);
        Assert.Contains(name, e.Message);
        Assert.Contains($"{D * D + 1} elements", e.Message);
        Assert.Contains($"expected {D * D}", e.Message);
    }

    public static TheoryData<int, string> WrongBias => new()
    {
        { 0, "queryBias" }, { 1, "keyBias" }, { 2, "valueBias" }, { 3, "outputBias" },
    };

    [Theory]
    [MemberData(nameof(WrongBias))]
    public void Constructor_RejectsWrongBiasLength_NamingTheArgument(int which, string name)
    {
        float[][] b = [V(), V(), V(), V()];
        b[which] = new float[D - 1];

        var e = Assert.Throws<ArgumentException>(() => new AttentionParameters(D, M(), M(), M(), M(), b[0], b[1], b[2], b[3]));

        Assert.Equal(name, e.ParamName);
        Assert.Contains(name, e.Message);
        Assert.Contains($"{D - 1} elements", e.Message);
        Assert.Contains($"expected {D}", e.Message);
    }

    [Fact]
    public void Constructor_RejectsSomeButNotAllBiases()
    {
        Assert.Contains("all four biases or none",
            Assert.Throws<ArgumentException>(() => new AttentionParameters(D, M(), M(), M(), M(), queryBias: V())).Message);
        Assert.Throws<ArgumentException>(() => new AttentionParameters(D, M(), M(), M(), M(), keyBias: V()));
        Assert.Throws<ArgumentException>(() => new AttentionParameters(D, M(), M(), M(), M(), outputBias: V()));
        Assert.Throws<ArgumentException>(() => new AttentionParameters(D, M(), M(), M(), M(), V(), V(), V(), null));
        Assert.Throws<ArgumentException>(() => new AttentionParameters(D, M(), M(), M(), M(), null, V(), V(), V()));
    }

    [Fact]
    public void Constructor_RejectsNullWeightsAndNonPositiveWidth()
    {
        Assert.Equal("valueWeight",
            Assert.Throws<ArgumentNullException>(() => new AttentionParameters(D, M(), M(), null!, M())).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => new AttentionParameters(0, [], [], [], []));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AttentionParameters(-1, [], [], [], []));
        Assert.Throws<ArgumentOutOfRangeException>(() => AttentionParameters.Random(0, true, 1));
    }

    [Fact]
    public void Random_SameSeed_SameParameters()
    {
        AttentionParameters a = AttentionParameters.Random(16, bias: true, seed: 42);
        AttentionParameters b = AttentionParameters.Random(16, bias: true, seed: 42);

        Assert.Equal(AllArrays(a), AllArrays(b));
    }

    /// <summary>The four matrices, then the four biases.</summary>
    private static float[]?[] AllArrays(AttentionParameters p) =>
        [p.QueryWeight, p.KeyWeight, p.ValueWeight, p.OutputWeight, p.QueryBias, p.KeyBias, p.ValueBias, p.OutputBias];

    [Fact]
    public void Random_DifferentSeeds_DifferentParameters()
    {
        AttentionParameters a = AttentionParameters.Random(16, bias: true, seed: 1);
        AttentionParameters b = AttentionParameters.Random(16, bias: true, seed: 2);

        Assert.NotEqual(a.QueryWeight, b.QueryWeight);
        Assert.NotEqual(a.OutputWeight, b.OutputWeight);
        Assert.NotEqual(a.QueryBias, b.QueryBias);
        Assert.NotEqual(a.OutputBias, b.OutputBias);
    }

    [Fact]
    public void Random_MatricesAreDistinctFromEachOther()
    {
        AttentionParameters p = AttentionParameters.Random(8, bias: true, seed: 7);

        Assert.NotEqual(p.QueryWeight, p.KeyWeight);
        Assert.NotEqual(p.KeyWeight, p.ValueWeight);
        Assert.NotEqual(p.ValueWeight, p.OutputWeight);
        Assert.NotEqual(p.QueryBias, p.KeyBias);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(64)]
    public void Random_StaysWithinXavierAndBiasLimits(int d)
    {
        AttentionParameters p = AttentionParameters.Random(d, bias: true, seed: 123);
        float limit = MathF.Sqrt(3f / d);

        Assert.Equal(d, p.DModel);
        Assert.True(p.HasBias);
        foreach (float[] m in new[] { p.QueryWeight, p.KeyWeight, p.ValueWeight, p.OutputWeight })
        {
            Assert.Equal(d * d, m.Length);
            Assert.All(m, x => Assert.InRange(x, -limit, limit));
        }

        foreach (float[]? b in new[] { p.QueryBias, p.KeyBias, p.ValueBias, p.OutputBias })
        {
            Assert.NotNull(b);
            Assert.Equal(d, b.Length);
            Assert.All(b, x => Assert.InRange(x, -0.1f, 0.1f));
        }
    }

    [Fact]
    public void Random_UsesMostOfTheRange()
    {
        // Uniform over ±limit: with 4·64·64 draws the extremes come close to the limit and both signs appear.
        const int d = 64;
        AttentionParameters p = AttentionParameters.Random(d, bias: true, seed: 5);
        float limit = MathF.Sqrt(3f / d);
        float[] all = [.. p.QueryWeight, .. p.KeyWeight, .. p.ValueWeight, .. p.OutputWeight];
        float[] biases = [.. p.QueryBias!, .. p.KeyBias!, .. p.ValueBias!, .. p.OutputBias!];

        Assert.True(all.Max() > 0.95f * limit, $"max {all.Max()} vs limit {limit}");
        Assert.True(all.Min() < -0.95f * limit, $"min {all.Min()} vs limit {limit}");
        Assert.True(biases.Max() > 0.08f);
        Assert.True(biases.Min() < -0.08f);
        Assert.InRange(all.Average(), -0.05f * limit, 0.05f * limit);
    }

    [Fact]
    public void Random_WithoutBias_HasNullBiases()
    {
        AttentionParameters p = AttentionParameters.Random(8, bias: false, seed: 3);

        Assert.False(p.HasBias);
        Assert.Null(p.QueryBias);
        Assert.Null(p.KeyBias);
        Assert.Null(p.ValueBias);
        Assert.Null(p.OutputBias);
        Assert.Equal(64, p.QueryWeight.Length);
    }
}
