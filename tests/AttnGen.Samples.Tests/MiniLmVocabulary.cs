using AttnGen.Samples.Tests.RealModel;
using Microsoft.ML.Tokenizers;
using SentenceEmbeddings;

namespace AttnGen.Samples.Tests;

/// <summary>all-MiniLM-L6-v2's vocab.txt, BERT's uncased vocabulary of 30,522 tokens, as the package ships it.</summary>
public static class MiniLmVocabulary
{
    /// <summary>The tokens, one per line of vocab.txt: a token's id is its index.</summary>
    public static IReadOnlyList<string> Tokens { get; } = Load();

    /// <summary>The sample's tokenizer over this vocabulary, uncased as all-MiniLM-L6-v2 is.</summary>
    public static BertTokenizer SampleTokenizer()
    {
        using Stream vocabulary = OpenText();
        return BertTokenization.Create(vocabulary, lowerCase: true, stripAccents: true);
    }

    /// <summary>The vocabulary as a vocab.txt stream, for the sample's tokenizer.</summary>
    public static Stream OpenText() => new MemoryStream(System.Text.Encoding.UTF8.GetBytes(string.Join('\n', Tokens)));

    private static string[] Load()
    {
        // The file has Windows line ends; ReadLine takes either.
        using var reader = new StringReader(MiniLmPackage.Vocabulary());
        var tokens = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            tokens.Add(line);
        }

        return [.. tokens];
    }
}
