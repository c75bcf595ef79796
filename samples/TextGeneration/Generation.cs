namespace TextGeneration;

/// <summary>
/// Continues a prompt byte by byte, choosing each next byte from the logits: with the layers' caches (the prompt
/// once, then one position per byte), or by recomputing the whole sequence for every byte, as a model without a cache
/// must. The two give the same bytes: a layer's output does not depend on how the positions were split into calls.
/// </summary>
public static class Generation
{
    /// <summary>The next byte, chosen from the logits <c>[Vocabulary]</c>.</summary>
    public delegate byte Choose(ReadOnlySpan<float> logits);

    /// <summary>At most <paramref name="count"/> bytes after <paramref name="prompt"/>, each costing one position.</summary>
    public static byte[] WithCache(Decoder decoder, ReadOnlySpan<byte> prompt, int count, Choose choose)
    {
        ArgumentNullException.ThrowIfNull(decoder);
        ArgumentNullException.ThrowIfNull(choose);
        var generated = new byte[count];
        Span<float> logits = stackalloc float[ByteLlama.Vocabulary];
        decoder.Reset();
        decoder.Append(prompt, logits);
        for (int i = 0; i < count; i++)
        {
            generated[i] = choose(logits);
            if (i + 1 < count)
            {
                decoder.Append(generated.AsSpan(i, 1), logits);
            }
        }

        return generated;
    }

    /// <summary>The same bytes as <see cref="WithCache"/>, each costing a pass over the whole sequence so far.</summary>
    public static byte[] ByRecomputation(Decoder decoder, ReadOnlySpan<byte> prompt, int count, Choose choose)
    {
        ArgumentNullException.ThrowIfNull(decoder);
        ArgumentNullException.ThrowIfNull(choose);
        var sequence = new byte[prompt.Length + count];
        prompt.CopyTo(sequence);
        Span<float> logits = stackalloc float[ByteLlama.Vocabulary];
        for (int i = 0; i < count; i++)
        {
            decoder.Reset();
            decoder.Append(sequence.AsSpan(0, prompt.Length + i), logits);
            sequence[prompt.Length + i] = choose(logits);
        }

        return sequence[prompt.Length..];
    }
}
