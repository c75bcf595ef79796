namespace AttnGen;

/// <summary>
/// Checks used by generated <c>Forward</c> methods that an output does not share memory with an argument it is
/// computed from. A block reads its inputs batch item by batch item while writing its output, so an output that starts
/// part-way into an input overwrites rows a later item has yet to read, and the results are silently wrong.
/// </summary>
public static class Overlap
{
    /// <summary>
    /// Checks that <paramref name="output"/> is either exactly <paramref name="input"/> (in place: the same start and
    /// length, which the blocks support) or shares no element with it.
    /// </summary>
    /// <exception cref="ArgumentException">The spans overlap without being the same span; the message names both.</exception>
    public static void RequireSameOrDisjoint(ReadOnlySpan<float> input, ReadOnlySpan<float> output, string inputName, string outputName)
    {
        if (input.Overlaps(output, out int offset) && (offset != 0 || input.Length != output.Length))
        {
            throw Partial(offset, inputName, outputName,
                $"they must be the same span (in place, {outputName} = {inputName}) or not overlap at all.");
        }
    }

    /// <summary>Checks that two spans share no element, for arguments that cannot be computed in place.</summary>
    /// <exception cref="ArgumentException">The spans overlap; the message names both.</exception>
    public static void RequireDisjoint(ReadOnlySpan<float> input, ReadOnlySpan<float> output, string inputName, string outputName)
    {
        if (input.Overlaps(output, out int offset))
        {
            throw Partial(offset, inputName, outputName, "they must not overlap at all.");
        }
    }

    private static ArgumentException Partial(int offset, string inputName, string outputName, string rule) =>
        new($"{outputName} overlaps {inputName} ({outputName} starts {Math.Abs(offset)} elements " +
            $"{(offset >= 0 ? "after" : "before")} the start of {inputName}): {rule}", outputName);
}
