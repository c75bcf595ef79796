using AttnGen.Testing;
using TextGeneration;

namespace AttnGen.Samples.Tests;

/// <summary>
/// The text-generation sample against the reference its training script wrote (train/reference_output.txt, PyTorch
/// in float64 by full recomputation): the same greedy and top-k bytes from the generated layers with their caches,
/// and the same bytes again by recomputation.
/// </summary>
public sealed class TextGenerationTests
{
    private static readonly ByteLlama Model = ByteLlama.LoadDefault();

    private static byte[] Prompt => "In the beginning God created"u8.ToArray();

    [Fact]
    public void Greedy_decoding_with_the_cache_writes_the_reference_text()
    {
        byte[] generated = Generation.WithCache(new Decoder(Model), Prompt, 200, logits => Sampling.Greedy(logits));

        Assert.Equal(ReferenceBytes("greedy bytes (decimal):"), generated);
    }

    [Fact]
    public void Seeded_top_k_sampling_writes_the_reference_text()
    {
        var random = new SplitMix64(42);
        int[] order = new int[ByteLlama.Vocabulary];
        double[] weights = new double[40];

        byte[] generated = Generation.WithCache(new Decoder(Model), Prompt, 200,
            logits => Sampling.TopK(logits, 40, 0.8, ref random, order, weights));

        Assert.Equal(ReferenceBytes("sampled bytes (decimal):"), generated);
    }

    [Fact]
    public void Recomputation_gives_the_cached_bytes()
    {
        var decoder = new Decoder(Model);
        byte[] cached = Generation.WithCache(decoder, Prompt, 40, logits => Sampling.Greedy(logits));

        byte[] recomputed = Generation.ByRecomputation(decoder, Prompt, 40, logits => Sampling.Greedy(logits));

        Assert.Equal(cached, recomputed);
    }

    [Fact]
    public void A_sequence_longer_than_the_context_is_refused()
    {
        var decoder = new Decoder(Model);
        var logits = new float[ByteLlama.Vocabulary];
        decoder.Append(new byte[ByteLlama.Context], logits);

        var error = Assert.Throws<InvalidOperationException>(() => decoder.Append([65], logits));

        Assert.Contains($"{ByteLlama.Context} positions", error.Message, StringComparison.Ordinal);
        Assert.Equal(ByteLlama.Context, decoder.Length);
    }

    [Fact]
    public void The_command_line_takes_a_prompt_and_options_and_refuses_the_rest()
    {
        Assert.True(Options.TryParse([], out Options? defaults, out _));
        Assert.Equal(Options.Default, defaults);

        Assert.True(Options.TryParse(["And", "God", "said", "--tokens", "20", "--top-k", "5", "--temperature", "1.5", "--seed", "7"],
            out Options? given, out _));
        Assert.Equal(new Options("And God said", 20, 5, 1.5, 7), given);

        Assert.False(Options.TryParse(["--tokens"], out _, out string? missing));
        Assert.Contains("needs a value", missing, StringComparison.Ordinal);
        Assert.False(Options.TryParse(["--top-k", "0"], out _, out string? zero));
        Assert.Contains("--top-k 0", zero, StringComparison.Ordinal);
        Assert.False(Options.TryParse(["--colour", "red"], out _, out string? unknown));
        Assert.Contains("--colour red", unknown, StringComparison.Ordinal);
    }

    /// <summary>A line of decimal bytes in the reference output, after its label.</summary>
    private static byte[] ReferenceBytes(string label)
    {
        string path = Path.Combine(TestPaths.RepositoryRoot, "samples", "TextGeneration", "train", "reference_output.txt");
        string line = File.ReadLines(path).Single(l => l.StartsWith(label, StringComparison.Ordinal));
        return [.. line[label.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(byte.Parse)];
    }
}
