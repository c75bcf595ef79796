namespace AttnGen;

/// <summary>
/// The rotary position embedding's tables, in HuggingFace's <c>rotate_half</c> convention: dimension <c>i</c> of a
/// head pairs with <c>i + HeadDim/2</c>, and both turn by the angle <c>position · theta^(−2i/HeadDim)</c>.
/// </summary>
/// <remarks>
/// Meta's original Llama code and GGUF files pair adjacent dimensions (<c>2i</c> with <c>2i + 1</c>) instead; a
/// checkpoint converted from one convention to the other has its query and key rows permuted to match, so load each
/// with the convention it was converted to.
/// </remarks>
public static class RotaryEmbedding
{
    /// <summary>
    /// cos of every angle, <c>[maxLength, headDim / 2]</c> row-major: row <c>p</c> holds position <c>p</c>'s. Angles
    /// and cosines are computed in double, then rounded once.
    /// </summary>
    public static float[] Cos(int maxLength, int headDim, double theta) => Table(maxLength, headDim, theta, Math.Cos);

    /// <summary>sin of every angle, laid out as <see cref="Cos"/>.</summary>
    public static float[] Sin(int maxLength, int headDim, double theta) => Table(maxLength, headDim, theta, Math.Sin);

    private static float[] Table(int maxLength, int headDim, double theta, Func<double, double> function)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxLength);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(headDim);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(theta);
        int half = headDim / 2;
        double[] frequencies = [.. Enumerable.Range(0, half).Select(i => Math.Pow(theta, -2.0 * i / headDim))];
        var table = new float[maxLength * half];
        for (int position = 0; position < maxLength; position++)
        {
            for (int i = 0; i < half; i++)
            {
                table[position * half + i] = (float)function(position * frequencies[i]);
            }
        }

        return table;
    }
}
