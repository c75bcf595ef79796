using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace TextGeneration;

/// <summary>The command line: a prompt (the words not taken by an option) and the generation's settings.</summary>
public sealed record Options(string Prompt, int Tokens, int TopK, double Temperature, int Seed)
{
    public static readonly Options Default = new(Program.DefaultPrompt, Tokens: 200, TopK: 40, Temperature: 0.8, Seed: 42);

    public static bool TryParse(IReadOnlyList<string> args, [NotNullWhen(true)] out Options? options, [NotNullWhen(false)] out string? problem)
    {
        Options current = Default;
        options = null;
        var words = new List<string>();
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                words.Add(arg);
                continue;
            }

            if (i + 1 == args.Count)
            {
                problem = $"{arg} needs a value.";
                return false;
            }

            string value = args[++i];
            bool valid = arg switch
            {
                "--tokens" => TryInt(value, 1, int.MaxValue, out int tokens) && Set(ref current, current with { Tokens = tokens }),
                "--top-k" => TryInt(value, 1, ByteLlama.Vocabulary, out int k) && Set(ref current, current with { TopK = k }),
                "--temperature" => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double t) && t > 0
                    && double.IsFinite(t) && Set(ref current, current with { Temperature = t }),
                "--seed" => TryInt(value, 0, int.MaxValue, out int seed) && Set(ref current, current with { Seed = seed }),
                _ => false,
            };
            if (!valid)
            {
                problem = $"{arg} {value}: not a known option with a valid value.";
                return false;
            }
        }

        options = words.Count > 0 ? current with { Prompt = string.Join(' ', words) } : current;
        problem = null;
        return true;
    }

    private static bool TryInt(string value, int min, int max, out int result) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out result) && result >= min && result <= max;

    private static bool Set(ref Options options, Options value)
    {
        options = value;
        return true;
    }
}
