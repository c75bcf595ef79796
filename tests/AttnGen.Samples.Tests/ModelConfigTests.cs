using SentenceEmbeddings;

namespace AttnGen.Samples.Tests;

/// <summary>A checkpoint's config.json against the shape the sample was compiled for.</summary>
public sealed class ModelConfigTests : IDisposable
{
    private readonly string _path = Path.Combine(Directory.CreateTempSubdirectory("attngen-config-").FullName, "config.json");

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_path)!, recursive: true);

    [Fact]
    public void MatchingConfig_Passes()
    {
        File.WriteAllText(_path, MiniLmCheckpoint.Config);

        ModelConfig.Check(_path);
    }

    [Fact]
    public void EveryMismatchedOrMissingField_IsNamedOnItsOwnLine()
    {
        // all-MiniLM-L12-v2 has 12 layers; BERT-base is 768 wide with 12 heads of 64, a 3072 hidden layer, and PyTorch's eps.
        File.WriteAllText(_path, MiniLmCheckpoint.Config
            .Replace("\"num_hidden_layers\": 6", "\"num_hidden_layers\": 12")
            .Replace("\"hidden_size\": 384", "\"hidden_size\": 768")
            .Replace("\"intermediate_size\": 1536", "\"intermediate_size\": 3072")
            .Replace("\"layer_norm_eps\": 1e-12", "\"layer_norm_eps\": 1e-5")
            .Replace("\"type_vocab_size\": 2,", ""));

        var error = Assert.Throws<InvalidDataException>(() => ModelConfig.Check(_path));

        Assert.Equal(
            [
                $"{_path} describes another model than the one this program was compiled for:",
                "  - hidden_size is 768; the program is declared for 384",
                "  - intermediate_size is 3072; the program is declared for 1536",
                "  - num_hidden_layers is 12; the program is declared for 6",
                "  - type_vocab_size is missing; the program is declared for 2",
                "  - layer_norm_eps is 1E-05; the program is declared for 1E-12",
            ],
            error.Message.Split(Environment.NewLine));
    }

    [Fact]
    public void NumbersAreComparedAsValues_NotAsText()
    {
        File.WriteAllText(_path, MiniLmCheckpoint.Config.Replace("\"hidden_size\": 384", "\"hidden_size\": 384.0").Replace("1e-12", "1.0e-12"));

        ModelConfig.Check(_path);
    }
}
