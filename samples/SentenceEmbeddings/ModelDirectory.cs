using System.Text.Json;
using AttnGen;
using Microsoft.ML.Tokenizers;

namespace SentenceEmbeddings;

/// <summary>
/// A HuggingFace model directory, as <c>save_pretrained</c> writes it: <c>config.json</c>, <c>vocab.txt</c>,
/// <c>model.safetensors</c>, and optionally <c>tokenizer_config.json</c>.
/// </summary>
public static class ModelDirectory
{
    /// <summary>Checks the configuration against the declared shape, then loads the tokenizer and the weights.</summary>
    /// <exception cref="InvalidDataException">The config, vocabulary or weights do not fit the declared shape; the message lists every problem.</exception>
    /// <exception cref="IOException">A file is missing or unreadable.</exception>
    public static SentenceEncoder Open(string directory)
    {
        ModelConfig.Check(Path.Combine(directory, "config.json"));
        BertTokenizer tokenizer = Tokenizer(directory);
        using SafeTensorsFile checkpoint = SafeTensorsFile.Open(Path.Combine(directory, "model.safetensors"));
        // The weights are packed into memory of their own, so the file can close once they are loaded.
        return new SentenceEncoder(tokenizer, MiniLmWeights.Load(checkpoint));
    }

    /// <summary>The BERT tokenizer over vocab.txt, lower-casing and stripping accents as tokenizer_config.json says.</summary>
    private static BertTokenizer Tokenizer(string directory)
    {
        string vocabulary = Path.Combine(directory, "vocab.txt");
        int entries = File.ReadLines(vocabulary).Count();
        if (entries > MiniLm.VocabSize)
        {
            throw new InvalidDataException($"{vocabulary} has {entries} entries; the model's vocabulary has {MiniLm.VocabSize}.");
        }

        var (lowerCase, stripAccents) = CaseHandling(Path.Combine(directory, "tokenizer_config.json"));
        using FileStream vocabularyFile = File.OpenRead(vocabulary);
        return BertTokenization.Create(vocabularyFile, lowerCase, stripAccents);
    }

    /// <summary>
    /// HuggingFace's <c>do_lower_case</c> (default true, all-MiniLM-L6-v2's value) and <c>strip_accents</c>, whose
    /// default null means "when lower-casing", as its <c>BasicTokenizer</c> does.
    /// </summary>
    private static (bool LowerCase, bool StripAccents) CaseHandling(string tokenizerConfig)
    {
        if (!File.Exists(tokenizerConfig))
        {
            return (true, true);
        }

        using JsonDocument config = JsonDocument.Parse(File.ReadAllBytes(tokenizerConfig));
        bool lowerCase = Flag(config.RootElement, "do_lower_case") ?? true;
        return (lowerCase, Flag(config.RootElement, "strip_accents") ?? lowerCase);
    }

    private static bool? Flag(JsonElement config, string name) =>
        config.TryGetProperty(name, out JsonElement value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? value.GetBoolean()
            : null;
}
