namespace AttnGen;

/// <summary>
/// The bookkeeping of generated <c>ForwardPacked</c> methods: sequences of different lengths stored one after another
/// with no padding, checked on entry and then run in chunks that fit the block's scratch.
/// </summary>
public static class PackedSequences
{
    /// <summary>Checks every length and returns their sum: the rows the packed tensors must hold.</summary>
    /// <param name="lengths">One length per sequence.</param>
    /// <param name="maxLength">The longest sequence the block takes (its <c>SeqLen</c>).</param>
    /// <param name="rowLength">Floats per row (<c>DModel</c>): the sum's rows must fit in one span.</param>
    /// <param name="argument">The argument's name.</param>
    /// <exception cref="ArgumentOutOfRangeException">
    /// A length is negative or longer than <paramref name="maxLength"/> (the message names its index), or the rows do not fit in a span.
    /// </exception>
    public static int TotalLength(ReadOnlySpan<int> lengths, int maxLength, int rowLength, string argument)
    {
        long total = 0;
        for (int i = 0; i < lengths.Length; i++)
        {
            if ((uint)lengths[i] > (uint)maxLength)
            {
                throw new ArgumentOutOfRangeException(argument, lengths[i],
                    $"{argument}[{i}] is {lengths[i]}; expected a length from 0 to {maxLength}.");
            }

            total += lengths[i];
        }

        if (total * rowLength > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(argument, total,
                $"{argument} add up to {total} rows of {rowLength} floats, more than a span holds.");
        }

        return (int)total;
    }

    /// <summary>
    /// The end of the chunk that starts at sequence <paramref name="first"/>: as many whole sequences as fit in
    /// <paramref name="capacity"/> rows, and at most <paramref name="capacity"/> sequences. Every length is at most
    /// the capacity (checked by <see cref="TotalLength"/>), so a chunk holds at least one sequence.
    /// </summary>
    /// <param name="lengths">One length per sequence, each checked.</param>
    /// <param name="first">The chunk's first sequence.</param>
    /// <param name="capacity">The rows the block's scratch holds (its <c>SeqLen</c>).</param>
    /// <param name="rows">The rows the chunk's sequences hold together.</param>
    /// <returns>The index after the chunk's last sequence.</returns>
    public static int ChunkEnd(ReadOnlySpan<int> lengths, int first, int capacity, out int rows)
    {
        rows = 0;
        int end = first;
        while (end < lengths.Length && end - first < capacity && rows + lengths[end] <= capacity)
        {
            rows += lengths[end];
            end++;
        }

        return end;
    }
}
