namespace AttnGen.Runtime.Tests;

public sealed class WeightDictionaryTests
{
    [Fact]
    public void Add_ThenRead_ThroughTheInterface()
    {
        var weights = new WeightDictionary();
        weights.Add("b.weight", [2, 3], [1, 2, 3, 4, 5, 6]);
        weights.Add("a.bias", [3], [7, 8, 9]);
        IWeightSource source = weights;

        Assert.Equal(["b.weight", "a.bias"], source.Names);
        Assert.Equal(2, weights.Count);
        Assert.True(source.TryGetShape("b.weight", out int[]? shape));
        Assert.Equal([2, 3], shape);
        var destination = new float[3];
        source.ReadFloat32("a.bias", destination);
        Assert.Equal([7f, 8f, 9f], destination);
    }

    [Fact]
    public void Shape_IsCopiedInAndOut()
    {
        var weights = new WeightDictionary();
        int[] shape = [2, 2];
        weights.Add("w", shape, new float[4]);
        shape[0] = 9;
        Assert.True(weights.TryGetShape("w", out int[]? read));
        read[1] = 9;

        Assert.True(weights.TryGetShape("w", out int[]? again));
        Assert.Equal([2, 2], again);
    }

    [Fact]
    public void ScalarShape_HoldsOneElement()
    {
        var weights = new WeightDictionary();
        weights.Add("s", [], [3.5f]);
        var destination = new float[1];
        weights.ReadFloat32("s", destination);

        Assert.Equal(3.5f, destination[0]);
        Assert.Throws<ArgumentException>(() => weights.Add("t", [], []));
    }

    [Fact]
    public void Add_RejectsWrongLengthDuplicatesAndNegativeDims()
    {
        var weights = new WeightDictionary();
        weights.Add("w", [2], [1, 2]);

        Assert.Contains("'v': shape [2, 2] holds 4 elements, but the data holds 3", Assert.Throws<ArgumentException>(() => weights.Add("v", [2, 2], new float[3])).Message);
        Assert.Contains("duplicate tensor 'w'", Assert.Throws<ArgumentException>(() => weights.Add("w", [2], [3, 4])).Message);
        Assert.Contains("negative dimension", Assert.Throws<ArgumentException>(() => weights.Add("n", [-1, -2], new float[2])).Message);
        Assert.Equal(["w"], weights.Names);
    }

    [Fact]
    public void ReadFloat32_MissingOrWrongLength()
    {
        var weights = new WeightDictionary();
        weights.Add("w", [2], [1, 2]);

        Assert.Contains("'missing'", Assert.Throws<KeyNotFoundException>(() => weights.ReadFloat32("missing", new float[2])).Message);
        var e = Assert.Throws<ArgumentException>(() => weights.ReadFloat32("w", new float[3]));
        Assert.Contains("'w'", e.Message);
        Assert.Contains("holds 3", e.Message);
        Assert.Contains("has 2", e.Message);
        Assert.False(weights.TryGetShape("missing", out int[]? shape));
        Assert.Null(shape);
    }

    [Fact]
    public void RoundTripsThroughSafeTensors()
    {
        var weights = new WeightDictionary();
        weights.Add("w", [2, 2], [1, -2, 3.5f, 0]);
        using var file = SafeTensorsFile.FromBytes(SafeTensorsWriter.ToBytes(
            weights.Names.Select(n =>
            {
                weights.TryGetShape(n, out int[]? shape);
                var values = new float[4];
                weights.ReadFloat32(n, values);
                return SafeTensor.FromFloat32(n, shape!, values);
            })));

        Assert.Equal([1, -2, 3.5f, 0], file.ReadFloat32("w"));
    }
}
