namespace SentenceEmbeddings;

/// <summary>The cosine similarity of every pair of sentences, as an aligned matrix headed by sentence numbers.</summary>
public static class SimilarityTable
{
    /// <param name="embeddings">One unit-length embedding per sentence, so a dot product is the cosine similarity.</param>
    public static void Write(TextWriter output, int sentences, ReadOnlySpan<float> embeddings)
    {
        int width = embeddings.Length / sentences;
        output.Write("      ");
        for (int column = 0; column < sentences; column++)
        {
            output.Write($"{$"[{column + 1}]",7}");
        }

        output.WriteLine();
        for (int row = 0; row < sentences; row++)
        {
            output.Write($"{$"[{row + 1}]",6}");
            ReadOnlySpan<float> rowEmbedding = embeddings.Slice(row * width, width);
            for (int column = 0; column < sentences; column++)
            {
                ReadOnlySpan<float> columnEmbedding = embeddings.Slice(column * width, width);
                double dot = 0;
                for (int i = 0; i < width; i++)
                {
                    dot += (double)rowEmbedding[i] * columnEmbedding[i];
                }

                output.Write($"{dot,7:F3}");
            }

            output.WriteLine();
        }
    }
}
