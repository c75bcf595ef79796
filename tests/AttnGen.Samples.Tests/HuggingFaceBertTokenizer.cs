using System.Text.Json;
using Tokenizers.DotNet;

namespace AttnGen.Samples.Tests;

/// <summary>
/// HuggingFace's BERT tokenizer, as its Rust <c>tokenizers</c> crate runs it for a <c>BertTokenizerFast</c>: a
/// tokenizer.json with <c>BertNormalizer</c>, <c>BertPreTokenizer</c> and <c>WordPiece</c> over a given vocabulary,
/// without special tokens around the result.
/// </summary>
public sealed class HuggingFaceBertTokenizer : IDisposable
{
    private static readonly string[] SpecialTokens = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"];

    private readonly string _directory = Directory.CreateTempSubdirectory("attngen-hf-tokenizer-").FullName;
    private readonly Tokenizer _tokenizer;

    /// <param name="vocabulary">The tokens, in id order.</param>
    /// <param name="lowerCase">HuggingFace's <c>lowercase</c>; <c>strip_accents</c> is left null, which follows it.</param>
    public HuggingFaceBertTokenizer(IReadOnlyList<string> vocabulary, bool lowerCase)
    {
        string path = Path.Combine(_directory, "tokenizer.json");
        File.WriteAllText(path, TokenizerJson(vocabulary, lowerCase));
        _tokenizer = new Tokenizer(path);
    }

    /// <summary>The word pieces' ids, without [CLS] and [SEP].</summary>
    public int[] Encode(string text) => [.. _tokenizer.Encode(text).Select(id => checked((int)id))];

    public void Dispose()
    {
        _tokenizer.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static string TokenizerJson(IReadOnlyList<string> vocabulary, bool lowerCase)
    {
        Dictionary<string, int> ids = vocabulary.Select((token, id) => (token, id)).ToDictionary(entry => entry.token, entry => entry.id);
        return JsonSerializer.Serialize(new
        {
            version = "1.0",
            truncation = (object?)null,
            padding = (object?)null,
            // As in all-MiniLM-L6-v2's own tokenizer.json: special tokens found in the raw text, exactly as written.
            added_tokens = SpecialTokens.Select(token => new
            {
                id = ids[token],
                content = token,
                single_word = false,
                lstrip = false,
                rstrip = false,
                normalized = false,
                special = true,
            }),
            normalizer = new { type = "BertNormalizer", clean_text = true, handle_chinese_chars = true, strip_accents = (bool?)null, lowercase = lowerCase },
            pre_tokenizer = new { type = "BertPreTokenizer" },
            post_processor = (object?)null,
            decoder = (object?)null,
            model = new
            {
                type = "WordPiece",
                unk_token = "[UNK]",
                continuing_subword_prefix = "##",
                max_input_chars_per_word = 100,
                vocab = ids,
            },
        });
    }
}
