namespace AttnGen;

/// <summary>
/// Argument checks used by generated <c>Forward</c> methods. Every message names the argument, the
/// expected size with its meaning, and the actual size.
/// </summary>
public static class Shapes
{
    /// <summary>
    /// Returns how many samples of <paramref name="sampleLength"/> elements <paramref name="length"/> holds.
    /// </summary>
    /// <param name="length">The argument's length.</param>
    /// <param name="sampleLength">The length of one sample, such as <c>SeqLen × DModel</c>.</param>
    /// <param name="argument">The argument's name.</param>
    /// <param name="sampleShape">One sample's shape in words, such as <c>"[SeqLen 16, DModel 64]"</c>.</param>
    /// <exception cref="ArgumentException">The length is not a whole number of samples.</exception>
    public static int BatchCount(int length, int sampleLength, string argument, string sampleShape)
    {
        if (length % sampleLength != 0)
        {
            throw new ArgumentException(
                $"{argument} has {length} elements; expected a multiple of {sampleLength} " +
                $"(batch × {sampleShape}).", argument);
        }

        return length / sampleLength;
    }

    /// <summary>Checks that an argument has exactly <paramref name="expected"/> elements.</summary>
    /// <param name="length">The argument's length.</param>
    /// <param name="expected">The length it must have.</param>
    /// <param name="argument">The argument's name.</param>
    /// <param name="meaning">What <paramref name="expected"/> is made of, such as <c>"batch 2 × SeqLen 16 × DModel 64"</c>.</param>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static void RequireLength(int length, int expected, string argument, string meaning)
    {
        if (length != expected)
        {
            throw new ArgumentException(
                $"{argument} has {length} elements; expected {expected} ({meaning}).", argument);
        }
    }

    /// <summary>
    /// Checks an optional output: empty means "not requested", anything else must have exactly
    /// <paramref name="expected"/> elements.
    /// </summary>
    /// <returns>Whether the output was requested.</returns>
    public static bool OptionalLength(int length, int expected, string argument, string meaning)
    {
        if (length != 0 && length != expected)
        {
            // The message is built only on failure: Forward must not allocate on its success path.
            RequireLength(length, expected, argument, meaning + "; or empty to skip it");
        }

        return length != 0;
    }

    /// <summary>Checks that every key length lies in <c>0..maxLength</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A length is negative or too long; the message names its index.</exception>
    public static void RequireKeyLengths(ReadOnlySpan<int> keyLengths, int maxLength, string argument)
    {
        for (int i = 0; i < keyLengths.Length; i++)
        {
            if ((uint)keyLengths[i] > (uint)maxLength)
            {
                throw new ArgumentOutOfRangeException(argument, keyLengths[i],
                    $"{argument}[{i}] is {keyLengths[i]}; expected a length from 0 to {maxLength}.");
            }
        }
    }

    /// <summary>Checks that every id indexes a table of <paramref name="tableSize"/> rows.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An id is negative or too large; the message names its position and value.</exception>
    public static void RequireIds(ReadOnlySpan<int> ids, int tableSize, string argument)
    {
        for (int i = 0; i < ids.Length; i++)
        {
            if ((uint)ids[i] >= (uint)tableSize)
            {
                throw new ArgumentOutOfRangeException(argument, ids[i],
                    $"{argument}[{i}] is {ids[i]}; expected an id from 0 to {tableSize - 1}.");
            }
        }
    }

    /// <summary>Checks that a count does not exceed <paramref name="limit"/>.</summary>
    /// <param name="count">The count given.</param>
    /// <param name="limit">The largest count allowed.</param>
    /// <param name="argument">The argument's name.</param>
    /// <param name="meaning">What is counted, such as <c>"positions"</c>.</param>
    /// <exception cref="ArgumentException">The count is larger than the limit.</exception>
    public static void RequireAtMost(int count, int limit, string argument, string meaning)
    {
        if (count > limit)
        {
            throw new ArgumentException($"{argument} has {count} {meaning}; at most {limit} are supported.", argument);
        }
    }
}
