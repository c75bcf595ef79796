namespace AttnGen.Runtime.Tests;

/// <summary>The argument checks generated <c>Forward</c> methods call.</summary>
public sealed class ShapesTests
{
    [Theory]
    [InlineData(0, 64, 0)]
    [InlineData(64, 64, 1)]
    [InlineData(192, 64, 3)]
    [InlineData(1024, 1024, 1)]
    [InlineData(7, 1, 7)]
    public void BatchCount_ExactMultiple(int length, int sampleLength, int expected)
    {
        Assert.Equal(expected, Shapes.BatchCount(length, sampleLength, "x", "[SeqLen 4, DModel 16]"));
    }

    [Theory]
    [InlineData(65, 64)]
    [InlineData(63, 64)]
    [InlineData(100, 64)]
    public void BatchCount_NotAMultiple_NamesArgumentAndLengths(int length, int sampleLength)
    {
        var e = Assert.Throws<ArgumentException>(() => Shapes.BatchCount(length, sampleLength, "query", "[SeqLen 4, DModel 16]"));

        Assert.Equal("query", e.ParamName);
        Assert.StartsWith("query ", e.Message, StringComparison.Ordinal);
        Assert.Contains($"{length} elements", e.Message);
        Assert.Contains($"multiple of {sampleLength}", e.Message);
        Assert.Contains("[SeqLen 4, DModel 16]", e.Message);
    }

    [Fact]
    public void RequireLength_Equal_Passes()
    {
        Shapes.RequireLength(12, 12, "output", "batch 1 × SeqLen 3 × DModel 4");
        Shapes.RequireLength(0, 0, "output", "nothing");
    }

    [Theory]
    [InlineData(11, 12)]
    [InlineData(13, 12)]
    [InlineData(0, 12)]
    public void RequireLength_Different_Throws(int length, int expected)
    {
        var e = Assert.Throws<ArgumentException>(() => Shapes.RequireLength(length, expected, "output", "batch 1 × SeqLen 3 × DModel 4"));

        Assert.Equal("output", e.ParamName);
        Assert.Contains($"output has {length} elements; expected {expected} (batch 1 × SeqLen 3 × DModel 4)", e.Message);
    }

    [Fact]
    public void OptionalLength_Empty_IsNotRequested()
    {
        Assert.False(Shapes.OptionalLength(0, 32, "attentionWeights", "batch 2 × Heads 4 × L 2 × Lk 2"));
    }

    [Fact]
    public void OptionalLength_RightLength_IsRequested()
    {
        Assert.True(Shapes.OptionalLength(32, 32, "attentionWeights", "batch 2 × Heads 4 × L 2 × Lk 2"));
    }

    [Theory]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(1)]
    public void OptionalLength_WrongLength_Throws(int length)
    {
        var e = Assert.Throws<ArgumentException>(() => Shapes.OptionalLength(length, 32, "attentionWeights", "batch 2 × Heads 4 × L 2 × Lk 2"));

        Assert.Equal("attentionWeights", e.ParamName);
        Assert.Contains($"attentionWeights has {length} elements; expected 32", e.Message);
        Assert.Contains("or empty to skip it", e.Message);
    }

    [Fact]
    public void RequireKeyLengths_InRange_Passes()
    {
        Shapes.RequireKeyLengths([0, 1, 8, 5], 8, "keyLengths");
        Shapes.RequireKeyLengths([], 8, "keyLengths");
        Shapes.RequireKeyLengths([0], 0, "keyLengths");
    }

    [Fact]
    public void RequireKeyLengths_Negative_NamesIndexAndValue()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Shapes.RequireKeyLengths([3, 4, -1, 2], 8, "keyLengths"));

        Assert.Equal("keyLengths", e.ParamName);
        Assert.Equal(-1, e.ActualValue);
        Assert.Contains("keyLengths[2] is -1", e.Message);
        Assert.Contains("from 0 to 8", e.Message);
    }

    [Fact]
    public void RequireKeyLengths_TooLong_NamesIndexAndValue()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Shapes.RequireKeyLengths([8, 9], 8, "lengths"));

        Assert.Equal("lengths", e.ParamName);
        Assert.Equal(9, e.ActualValue);
        Assert.Contains("lengths[1] is 9", e.Message);
        Assert.Contains("from 0 to 8", e.Message);
    }

    [Fact]
    public void RequireKeyLengths_ReportsTheFirstBadIndex()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Shapes.RequireKeyLengths([1, int.MinValue, 100], 4, "keyLengths"));

        Assert.Contains($"keyLengths[1] is {int.MinValue}", e.Message);
    }
}
