using Microsoft.ML.Tokenizers;

namespace SentenceEmbeddings;

/// <summary>
/// The one way this sample builds its tokenizer: Microsoft.ML.Tokenizers' WordPiece over a BERT vocab.txt, with
/// HuggingFace's normalization and word splitting, so that a sentence gets the token ids HuggingFace's
/// <c>BertTokenizer</c> gives it.
/// </summary>
public static class BertTokenization
{
    /// <summary>Builds the tokenizer over a vocab.txt (one token per line, the line number its id).</summary>
    /// <param name="vocabulary">The vocab.txt contents; read to the end, not closed.</param>
    /// <param name="lowerCase">HuggingFace's <c>do_lower_case</c>: true for uncased models.</param>
    /// <param name="stripAccents">HuggingFace's <c>strip_accents</c>; its default follows <paramref name="lowerCase"/>.</param>
    public static BertTokenizer Create(Stream vocabulary, bool lowerCase, bool stripAccents) =>
        BertTokenizer.Create(vocabulary, new BertOptions
        {
            Normalizer = new BertTextNormalizer(lowerCase, stripAccents),
            PreTokenizer = new BertWordSplitter(),
            // The tokenizer reports these settings; the normalizer above is what applies them.
            LowerCaseBeforeTokenization = lowerCase,
            RemoveNonSpacingMarks = stripAccents,
            // "[SEP]" typed in a sentence is text, split like any other, as in a tokenizer.json without added tokens.
            SplitOnSpecialTokens = false,
        });
}
