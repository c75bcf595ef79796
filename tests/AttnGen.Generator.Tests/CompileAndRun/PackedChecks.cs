namespace AttnGen.Generator.Tests.CompileAndRun;

/// <summary>
/// What every block's <c>ForwardPacked</c> must do: give each packed sequence the reference result at its own length,
/// and give it bit for bit whether the sequence runs alone or packed with others, at any offset.
/// </summary>
internal static class PackedChecks
{
    /// <summary>
    /// Lengths of 1 to 6 sequences from <paramref name="seed"/>, each 0…<paramref name="seqLen"/>, often exactly 0, 1 or
    /// <paramref name="seqLen"/>; their sum often passes <paramref name="seqLen"/>, so the rows run in several chunks.
    /// </summary>
    public static int[] Lengths(int seed, int seqLen)
    {
        var random = new Random(seed ^ 0x5EED);
        return [.. Enumerable.Range(0, 1 + random.Next(6)).Select(_ => random.Next(5) switch
        {
            0 => 0,
            1 => 1,
            2 => seqLen,
            _ => random.Next(seqLen + 1),
        })];
    }

    /// <summary>
    /// Runs <paramref name="forwardPacked"/> on <paramref name="inputs"/> (<paramref name="inputWidth"/> per row) and checks
    /// each sequence against <paramref name="reference"/>, then alone and in the reverse order, bit for bit.
    /// </summary>
    /// <param name="forwardPacked">The block's <c>ForwardPacked(inputs, lengths, y)</c>.</param>
    /// <param name="reference">The reference output <c>[length, dModel]</c> of one sequence's inputs and its length.</param>
    /// <returns>The packed output, for comparisons of the caller's own.</returns>
    public static float[] Check<T>(T[] inputs, int inputWidth, int dModel, int[] lengths,
        Action<T[], int[], float[]> forwardPacked, Func<T[], int, double[]> reference)
    {
        string packing = $"lengths [{string.Join(", ", lengths)}]";
        var y = new float[lengths.Sum() * dModel];
        forwardPacked(inputs, lengths, y);
        OutputChecks.RequireFinite(y, $"y ({packing})", [lengths.Sum(), dModel]);

        int[] starts = Starts(lengths);
        for (int s = 0; s < lengths.Length; s++)
        {
            int length = lengths[s];
            float[] packed = y.AsSpan(starts[s] * dModel, length * dModel).ToArray();
            T[] own = inputs.AsSpan(starts[s] * inputWidth, length * inputWidth).ToArray();
            string what = $"sequence {s} of {packing}";
            if (length > 0)
            {
                OutputChecks.AssertClose(reference(own, length), packed, what, [length, dModel]);
            }

            var alone = new float[packed.Length];
            forwardPacked(own, [length], alone);
            OutputChecks.RequireBitIdentical(packed, alone, what, [length, dModel], ("packed", "alone"));
        }

        RequireSameInReverse(inputs, inputWidth, dModel, lengths, forwardPacked, y);
        return y;
    }

    /// <summary>The sequences packed last to first: each one's rows at another offset beside other neighbours.</summary>
    private static void RequireSameInReverse<T>(T[] inputs, int inputWidth, int dModel, int[] lengths,
        Action<T[], int[], float[]> forwardPacked, float[] y)
    {
        int[] starts = Starts(lengths);
        int[] order = [.. Enumerable.Range(0, lengths.Length).Reverse()];
        T[] reversedInputs = [.. order.SelectMany(s => inputs.AsSpan(starts[s] * inputWidth, lengths[s] * inputWidth).ToArray())];
        int[] reversedLengths = [.. order.Select(s => lengths[s])];
        var reversed = new float[y.Length];
        forwardPacked(reversedInputs, reversedLengths, reversed);
        int[] reversedStarts = Starts(reversedLengths);
        for (int i = 0; i < order.Length; i++)
        {
            int s = order[i];
            OutputChecks.RequireBitIdentical(
                y.AsSpan(starts[s] * dModel, lengths[s] * dModel).ToArray(),
                reversed.AsSpan(reversedStarts[i] * dModel, lengths[s] * dModel).ToArray(),
                $"sequence {s} of lengths [{string.Join(", ", lengths)}]", [lengths[s], dModel], ("in order", "packed in reverse"));
        }
    }

    /// <summary>Each sequence's first row.</summary>
    public static int[] Starts(int[] lengths)
    {
        var starts = new int[lengths.Length];
        for (int s = 1; s < lengths.Length; s++)
        {
            starts[s] = starts[s - 1] + lengths[s - 1];
        }

        return starts;
    }

    /// <summary>The top-left <c>[length, length]</c> corner of a square <c>[seqLen, seqLen]</c> mask (empty stays empty).</summary>
    public static float[] Corner(float[] mask, int seqLen, int length) =>
        mask.Length == 0 ? [] : [.. Enumerable.Range(0, length).SelectMany(i => mask.AsSpan(i * seqLen, length).ToArray())];

    /// <summary>Tokens <c>[rows, width]</c> in [−1, 1] from <paramref name="seed"/>.</summary>
    public static float[] Tokens(int seed, int rows, int width) => TestInputs.Uniform(new Random(seed ^ 0x70C5), rows * width, 1f);

    /// <summary>
    /// Bad lengths and bad sizes must throw an exception naming the argument (and a bad length's index) before
    /// anything is written to y.
    /// </summary>
    public static void RequireRefusals(Action<float[], int[], float[]> forwardPacked, int seqLen, int dModel)
    {
        int rows = 1 + seqLen;
        Refused<ArgumentOutOfRangeException>(forwardPacked, [seqLen + 1], seqLen + 1, seqLen + 1, dModel, "lengths", "lengths[0]");
        Refused<ArgumentOutOfRangeException>(forwardPacked, [1, -1], 1, 1, dModel, "lengths", "lengths[1]");
        Refused<ArgumentException>(forwardPacked, [1, seqLen], rows + 1, rows, dModel, "tokens", $"expected {rows * dModel}");
        Refused<ArgumentException>(forwardPacked, [seqLen, 1], rows, rows - 1, dModel, "y", $"expected {rows * dModel}");
    }

    private static void Refused<TException>(Action<float[], int[], float[]> forwardPacked, int[] lengths, int tokenRows, int outputRows,
        int dModel, string argument, string messagePart)
        where TException : ArgumentException
    {
        const float Untouched = 1234.5f;
        float[] tokens = Tokens(tokenRows, tokenRows, dModel);
        float[] y = [.. Enumerable.Repeat(Untouched, outputRows * dModel)];
        TException e = Assert.Throws<TException>(() => forwardPacked(tokens, lengths, y));
        Assert.Equal(argument, e.ParamName);
        Assert.Contains(messagePart, e.Message, StringComparison.Ordinal);
        Assert.All(y, value => Assert.Equal(Untouched, value));
    }
}
