using System.Globalization;
using System.Text.Json;

namespace SentenceEmbeddings;

/// <summary>Checks a HuggingFace config.json against the shape this program was compiled for (<see cref="MiniLm"/>).</summary>
public static class ModelConfig
{
    /// <summary>Every config.json field the declarations fix, with the value they fix it to.</summary>
    private static readonly (string Field, string Declared)[] DeclaredFields =
    [
        ("hidden_size", Text(MiniLm.DModel)),
        ("num_attention_heads", Text(MiniLm.Heads)),
        ("intermediate_size", Text(MiniLm.Hidden)),
        ("num_hidden_layers", Text(MiniLm.Layers)),
        ("vocab_size", Text(MiniLm.VocabSize)),
        ("max_position_embeddings", Text(MiniLm.MaxPositions)),
        ("type_vocab_size", Text(MiniLm.TypeVocabSize)),
        ("layer_norm_eps", Text(MiniLm.LayerNormEps)),
        ("hidden_act", MiniLm.HiddenAct),
    ];

    /// <summary>Reads the config at <paramref name="path"/> and throws unless every declared field matches.</summary>
    /// <exception cref="InvalidDataException">
    /// A field is missing or differs; the message has one line per such field, with both values.
    /// </exception>
    /// <exception cref="JsonException">The file is not JSON.</exception>
    public static void Check(string path)
    {
        using JsonDocument config = JsonDocument.Parse(File.ReadAllBytes(path));
        List<string> mismatches = [.. DeclaredFields.Select(f => Mismatch(config.RootElement, f.Field, f.Declared)).OfType<string>()];
        if (mismatches.Count > 0)
        {
            throw new InvalidDataException(
                $"{path} describes another model than the one this program was compiled for:{Environment.NewLine}" +
                string.Join(Environment.NewLine, mismatches));
        }
    }

    /// <summary>One line saying how <paramref name="field"/> differs from the declaration, or null when it matches.</summary>
    private static string? Mismatch(JsonElement config, string field, string declared)
    {
        if (!config.TryGetProperty(field, out JsonElement value))
        {
            return $"  - {field} is missing; the program is declared for {declared}";
        }

        string actual = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!,
            // Numbers compared as doubles, so 1e-12 and 1.0e-12, or 384 and 384.0, are the same value.
            JsonValueKind.Number => Text(value.GetDouble()),
            _ => value.GetRawText(),
        };
        return actual == declared ? null : $"  - {field} is {actual}; the program is declared for {declared}";
    }

    private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
