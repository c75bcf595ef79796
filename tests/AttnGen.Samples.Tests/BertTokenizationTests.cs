using System.Globalization;
using System.Text;
using Microsoft.ML.Tokenizers;
using SentenceEmbeddings;
using Xunit.Abstractions;

namespace AttnGen.Samples.Tests;

/// <summary>
/// The sample's tokenizer against HuggingFace's own (its Rust crate, through Tokenizers.DotNet) over BERT's real
/// uncased vocabulary: the same texts must give the same token ids.
/// </summary>
public sealed class BertTokenizationTests(ITestOutputHelper output)
{
    [Fact]
    public void EveryComparisonText_GetsHuggingFacesIds()
    {
        using var huggingFace = new HuggingFaceBertTokenizer(MiniLmVocabulary.Tokens, lowerCase: true);
        BertTokenizer sample = MiniLmVocabulary.SampleTokenizer();

        string[] disagreements = Disagreements(sample, huggingFace, TokenizationComparisonTexts.All);

        int texts = TokenizationComparisonTexts.All.Count;
        output.WriteLine($"{texts - disagreements.Length} of {texts} texts get HuggingFace's ids.");
        Assert.True(texts >= 200, $"Only {texts} comparison texts.");
        Assert.True(disagreements.Length == 0, string.Join('\n', disagreements));
    }

    // Every Unicode character between two words. HuggingFace's character tables are older Unicode (about version 9)
    // than .NET's, so the characters Unicode has added or recategorized since differ: 618 of 1,112,064 with .NET 10,
    // marks, format characters, punctuation and one symbol, all in scripts that BERT's vocabulary does not cover.
    [Fact]
    public void EveryCharacterBetweenWords_GetsHuggingFacesIdsWhereTheUnicodeVersionsAgree()
    {
        using var huggingFace = new HuggingFaceBertTokenizer(MiniLmVocabulary.Tokens, lowerCase: true);
        BertTokenizer sample = MiniLmVocabulary.SampleTokenizer();

        Rune[] characters = [.. Enumerable.Range(0, 0x110000).Where(Rune.IsValid).Select(value => new Rune(value))];
        Rune[] differing = [.. characters.Where(character => Disagreements(sample, huggingFace, [$"word{character}word"]).Length > 0)];

        output.WriteLine($"{characters.Length - differing.Length} of {characters.Length} characters get HuggingFace's ids.");
        Assert.True(differing.Length < 1000, $"{differing.Length} characters differ.");
        Assert.All(differing, character => Assert.Contains(Rune.GetUnicodeCategory(character), UnicodeVersionSensitive));
    }

    // Shows that the comparisons above can fail: Microsoft.ML.Tokenizers' BERT tokenizer as the sample configured it
    // before drops symbols and joins words across tabs (dotnet/machinelearning#7724, #7725). If a new version fixes
    // both, this fails, and the sample's own normalizer and word splitter may no longer be needed.
    [Fact]
    public void LibraryDefaults_DisagreeOnSymbolsAndTabs()
    {
        using var huggingFace = new HuggingFaceBertTokenizer(MiniLmVocabulary.Tokens, lowerCase: true);
        using Stream vocabulary = MiniLmVocabulary.OpenText();
        BertTokenizer libraryDefaults = BertTokenizer.Create(vocabulary, new BertOptions { LowerCaseBeforeTokenization = true, RemoveNonSpacingMarks = true });

        string[] texts = ["1 + 1 = 2", "a_b", "€5", "tab\tseparated"];

        Assert.Equal(texts.Length, Disagreements(libraryDefaults, huggingFace, texts).Length);
    }

    [Fact]
    public void CasedVocabulary_KeepsCaseAndAccentsAsHuggingFaceDoes()
    {
        string[] vocabulary = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "Café", "café", "Cafe", "cafe", "naïve", "!", "##s"];
        using var huggingFace = new HuggingFaceBertTokenizer(vocabulary, lowerCase: false);
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(string.Join('\n', vocabulary)));
        BertTokenizer sample = BertTokenization.Create(stream, lowerCase: false, stripAccents: false);

        string[] texts = ["Café cafe Cafe café!", "naïve Naïve", "Cafés\tcafe\u0301"];

        Assert.Empty(Disagreements(sample, huggingFace, texts));
        Assert.Equal([5, 8, 7, 6, 10], sample.EncodeToIds(texts[0], addSpecialTokens: false));
    }

    // A .NET string may hold a lone surrogate, which HuggingFace cannot be given (Rust strings are UTF-8); encoded, it
    // would become U+FFFD, which HuggingFace removes.
    [Fact]
    public void LoneSurrogate_IsRemovedLikeTheReplacementCharacter()
    {
        using var huggingFace = new HuggingFaceBertTokenizer(MiniLmVocabulary.Tokens, lowerCase: true);
        BertTokenizer sample = MiniLmVocabulary.SampleTokenizer();

        Assert.Equal(huggingFace.Encode("play\uFFFDing \uFFFD"), sample.EncodeToIds("play\uD800ing \uDC00", addSpecialTokens: false));
    }

    /// <summary>The categories of the characters that Unicode has added or recategorized since HuggingFace's tables.</summary>
    private static readonly UnicodeCategory[] UnicodeVersionSensitive =
    [
        UnicodeCategory.NonSpacingMark, UnicodeCategory.SpacingCombiningMark, UnicodeCategory.Format, UnicodeCategory.OtherSymbol,
        UnicodeCategory.OtherPunctuation, UnicodeCategory.OpenPunctuation, UnicodeCategory.ClosePunctuation, UnicodeCategory.DashPunctuation,
    ];

    /// <summary>One line per text whose ids differ: the text, escaped, and both tokenizers' ids.</summary>
    private static string[] Disagreements(BertTokenizer sample, HuggingFaceBertTokenizer huggingFace, IEnumerable<string> texts) =>
    [
        .. from text in texts
           let expected = huggingFace.Encode(text)
           let actual = sample.EncodeToIds(text, addSpecialTokens: false).ToArray()
           where !expected.SequenceEqual(actual)
           select $"{Escaped(text)}: HuggingFace [{string.Join(' ', expected)}], sample [{string.Join(' ', actual)}]",
    ];

    private static string Escaped(string text) =>
        string.Concat(text.Select(c => c is >= ' ' and <= '~' ? c.ToString() : $"\\u{(int)c:X4}"));
}
