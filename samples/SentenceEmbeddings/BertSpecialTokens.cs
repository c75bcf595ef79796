namespace SentenceEmbeddings;

/// <summary>
/// BERT's special tokens written in a sentence, "[SEP]" say: HuggingFace takes each as that token, exactly as written
/// and before normalizing, so "[SEP]" is one token and "[sep]" is text.
/// </summary>
internal static class BertSpecialTokens
{
    /// <summary>The length of the special token that <paramref name="text"/> starts with, or 0 if it starts with none.</summary>
    public static int LengthAt(ReadOnlySpan<char> text, IReadOnlyList<string> specialTokens)
    {
        foreach (string token in specialTokens)
        {
            if (text.StartsWith(token, StringComparison.Ordinal))
            {
                return token.Length;
            }
        }

        return 0;
    }
}
