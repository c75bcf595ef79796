using Microsoft.ML.Tokenizers;

namespace SentenceEmbeddings;

/// <summary>
/// The one way this sample builds its tokenizer: Microsoft.ML.Tokenizers' WordPiece over a BERT vocab.txt, with
/// HuggingFace's normalization and word splitting, so that a sentence gets the token ids HuggingFace's
/// <c>BertTokenizer</c> gives it.
/// </summary>
/// <remarks>
/// WordPiece gives up on a word longer than 100 UTF-16 code units where HuggingFace counts characters; the two differ
/// only for characters outside the Basic Multilingual Plane, which BERT's vocabularies have no tokens for, so a word
/// holding one is [UNK] either way.
/// </remarks>
public static class BertTokenization
{
    /// <summary>Builds the tokenizer over a vocab.txt (one token per line, the line number its id).</summary>
    /// <param name="vocabulary">The vocab.txt contents; read to the end, not closed.</param>
    /// <param name="lowerCase">HuggingFace's <c>do_lower_case</c>: true for uncased models.</param>
    /// <param name="stripAccents">HuggingFace's <c>strip_accents</c>; its default follows <paramref name="lowerCase"/>.</param>
    public static BertTokenizer Create(Stream vocabulary, bool lowerCase, bool stripAccents)
    {
        var options = new BertOptions
        {
            // The tokenizer reports these settings; the normalizer below is what applies them.
            LowerCaseBeforeTokenization = lowerCase,
            RemoveNonSpacingMarks = stripAccents,
            // The library's own search for special tokens runs only with its own pre-tokenizer; ours finds them.
            SplitOnSpecialTokens = false,
        };
        string[] specialTokens = [options.PaddingToken, options.UnknownToken, options.ClassificationToken, options.SeparatorToken, options.MaskingToken];
        options.Normalizer = new BertTextNormalizer(lowerCase, stripAccents, specialTokens);
        options.PreTokenizer = new BertWordSplitter(specialTokens);
        return BertTokenizer.Create(vocabulary, options);
    }
}
