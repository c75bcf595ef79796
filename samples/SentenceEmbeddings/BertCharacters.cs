using System.Globalization;
using System.Text;

namespace SentenceEmbeddings;

/// <summary>
/// The character classes of HuggingFace's BERT tokenizer (its Rust <c>tokenizers</c> crate, which
/// sentence-transformers runs), so that text splits where the model's training data split.
/// </summary>
internal static class BertCharacters
{
    /// <summary>
    /// Characters that HuggingFace deletes before anything else: NUL, U+FFFD (what undecodable bytes became), and
    /// control, format and private-use characters, except tab, newline and carriage return, which are spaces.
    /// </summary>
    public static bool IsRemoved(Rune rune) =>
        rune.Value is 0 or 0xFFFD
        || (rune.Value is not ('\t' or '\n' or '\r')
            && Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.PrivateUse);

    /// <summary>Unicode white space; asked only of characters that are not <see cref="IsRemoved"/>, so U+0085, \v and \f never get here.</summary>
    public static bool IsWhitespace(Rune rune) => Rune.IsWhiteSpace(rune);

    /// <summary>
    /// Characters that are a token of their own: every Unicode punctuation character (P*), and every printable ASCII
    /// character that is neither a letter nor a digit, which makes <c>$ + &lt; = &gt; ^ ` | ~</c> punctuation too.
    /// </summary>
    public static bool IsPunctuation(Rune rune) =>
        rune.Value is (>= 33 and <= 47) or (>= 58 and <= 64) or (>= 91 and <= 96) or (>= 123 and <= 126)
        || Rune.GetUnicodeCategory(rune) is UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation
            or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation
            or UnicodeCategory.FinalQuotePunctuation or UnicodeCategory.OtherPunctuation;

    /// <summary>
    /// CJK ideographs, which HuggingFace makes words of their own since Chinese is not written with spaces. The ranges
    /// are HuggingFace's own, including its Extension E start of U+2B920 (the block starts at U+2B820).
    /// </summary>
    public static bool IsCjkIdeograph(Rune rune) =>
        rune.Value is (>= 0x4E00 and <= 0x9FFF) or (>= 0x3400 and <= 0x4DBF) or (>= 0x20000 and <= 0x2A6DF)
            or (>= 0x2A700 and <= 0x2B73F) or (>= 0x2B740 and <= 0x2B81F) or (>= 0x2B920 and <= 0x2CEAF)
            or (>= 0xF900 and <= 0xFAFF) or (>= 0x2F800 and <= 0x2FA1F);

    /// <summary>Accents and other combining marks, which stripping accents deletes after decomposing (NFD).</summary>
    public static bool IsNonSpacingMark(Rune rune) => Rune.GetUnicodeCategory(rune) == UnicodeCategory.NonSpacingMark;
}
