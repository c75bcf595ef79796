using System.Text;
using Microsoft.ML.Tokenizers;

namespace SentenceEmbeddings;

/// <summary>
/// HuggingFace's <c>BertPreTokenizer</c>: words end at white space, and every punctuation character is a word of its
/// own. Runs on normalized text, in which white space is plain spaces and CJK ideographs are already set apart. A
/// special token is a word of its own too, rather than "[", "SEP", "]".
/// </summary>
/// <remarks>
/// Microsoft.ML.Tokenizers' own BERT pre-tokenizer takes words as <c>\w+</c> and punctuation as <c>\p{P}</c>, so it
/// drops symbols such as <c>$ + &lt; = &gt; ^ ` | ~ € £ °</c> and keeps <c>_</c> inside words (dotnet/machinelearning#7725).
/// </remarks>
internal sealed class BertWordSplitter(IReadOnlyList<string> specialTokens) : PreTokenizer
{
    /// <inheritdoc/>
    public override IEnumerable<(int Offset, int Length)> PreTokenize(string text) => Split(text.AsSpan());

    /// <inheritdoc/>
    public override IEnumerable<(int Offset, int Length)> PreTokenize(ReadOnlySpan<char> text) => Split(text);

    private List<(int Offset, int Length)> Split(ReadOnlySpan<char> text)
    {
        var words = new List<(int Offset, int Length)>();
        int wordStart = 0;
        for (int i = 0; i < text.Length;)
        {
            int specialToken = BertSpecialTokens.LengthAt(text[i..], specialTokens);
            if (specialToken > 0)
            {
                AddWord(words, wordStart, i);
                words.Add((i, specialToken));
                i += specialToken;
                wordStart = i;
                continue;
            }

            Rune.DecodeFromUtf16(text[i..], out Rune rune, out int length);
            bool isPunctuation = BertCharacters.IsPunctuation(rune);
            if (isPunctuation || BertCharacters.IsWhitespace(rune))
            {
                AddWord(words, wordStart, i);
                if (isPunctuation)
                {
                    words.Add((i, length));
                }

                wordStart = i + length;
            }

            i += length;
        }

        AddWord(words, wordStart, text.Length);
        return words;
    }

    private static void AddWord(List<(int Offset, int Length)> words, int start, int end)
    {
        if (end > start)
        {
            words.Add((start, end - start));
        }
    }
}
