using System.Text;
using Microsoft.ML.Tokenizers;

namespace SentenceEmbeddings;

/// <summary>
/// HuggingFace's <c>BertNormalizer</c>: deletes control characters, turns white space into spaces, puts spaces around
/// CJK ideographs, then strips accents and lower-cases as the model was trained. Special tokens written in the text
/// are left exactly as written, for <see cref="BertWordSplitter"/> to find.
/// </summary>
/// <remarks>
/// Microsoft.ML.Tokenizers' own BERT normalizer deletes tabs and newlines instead of treating them as spaces
/// (dotnet/machinelearning#7724), which joins the words on either side.
/// </remarks>
internal sealed class BertTextNormalizer(bool lowerCase, bool stripAccents, IReadOnlyList<string> specialTokens) : Normalizer
{
    /// <inheritdoc/>
    public override string Normalize(string original) => Normalize(original.AsSpan());

    /// <inheritdoc/>
    public override string Normalize(ReadOnlySpan<char> original)
    {
        var normalized = new StringBuilder(original.Length);
        int textStart = 0;
        for (int i = 0; i < original.Length;)
        {
            int specialToken = BertSpecialTokens.LengthAt(original[i..], specialTokens);
            if (specialToken == 0)
            {
                i++;
                continue;
            }

            normalized.Append(NormalizeText(original[textStart..i])).Append(original.Slice(i, specialToken));
            i += specialToken;
            textStart = i;
        }

        return normalized.Append(NormalizeText(original[textStart..])).ToString();
    }

    private string NormalizeText(ReadOnlySpan<char> original)
    {
        string text = Clean(original);
        if (stripAccents)
        {
            text = WithoutAccents(text);
        }

        return lowerCase ? LowerCase(text) : text;
    }

    private static string Clean(ReadOnlySpan<char> original)
    {
        var cleaned = new StringBuilder(original.Length);
        for (int i = 0; i < original.Length;)
        {
            // A lone surrogate decodes as U+FFFD, which is removed: it is what HuggingFace sees of one after UTF-8.
            Rune.DecodeFromUtf16(original[i..], out Rune rune, out int length);
            ReadOnlySpan<char> character = original.Slice(i, length);
            i += length;

            if (BertCharacters.IsRemoved(rune))
            {
                continue;
            }

            if (BertCharacters.IsWhitespace(rune))
            {
                cleaned.Append(' ');
            }
            else if (BertCharacters.IsCjkIdeograph(rune))
            {
                cleaned.Append(' ').Append(character).Append(' ');
            }
            else
            {
                cleaned.Append(character);
            }
        }

        return cleaned.ToString();
    }

    private static string WithoutAccents(string text)
    {
        // .NET refuses to normalize text that holds the noncharacter U+FFFE, which HuggingFace keeps as a character
        // like any other. It decomposes to itself and no mark reorders across it, so each stretch between two of
        // them decomposes on its own.
        string decomposed = string.Join('\uFFFE', text.Split('\uFFFE').Select(part => part.Normalize(NormalizationForm.FormD)));
        var stripped = new StringBuilder(decomposed.Length);
        foreach (Rune rune in decomposed.EnumerateRunes())
        {
            if (!BertCharacters.IsNonSpacingMark(rune))
            {
                stripped.Append(rune.ToString());
            }
        }

        return stripped.ToString();
    }

    // HuggingFace lower-cases with full case mapping, in which İ alone becomes two characters, i and a combining dot;
    // the invariant culture maps it to a plain i. (With accents stripped, İ was decomposed and its dot removed already.)
    private static string LowerCase(string text) => text.Replace("\u0130", "i\u0307", StringComparison.Ordinal).ToLowerInvariant();
}
