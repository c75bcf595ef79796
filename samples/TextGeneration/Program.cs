using System.Diagnostics;
using System.Globalization;
using System.Text;
using AttnGen;

namespace TextGeneration;

/// <summary>
/// Writes text with a small byte-level Llama-style model trained on the King James Bible (train/README.md): greedy and
/// seeded top-k continuations of a prompt, decoded with the layers' key/value caches, and the greedy one again by full
/// recomputation to show what the cache saves. No arguments: a built-in prompt.
/// </summary>
public static class Program
{
    public const string DefaultPrompt = "In the beginning God created";

    private const string Usage =
        "usage: TextGeneration [prompt] [--tokens N] [--top-k K] [--temperature T] [--seed S]";

    public static int Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (!Options.TryParse(args, out Options? options, out string? problem))
        {
            Console.Error.WriteLine(problem);
            Console.Error.WriteLine(Usage);
            return 2;
        }

        byte[] prompt = Encoding.UTF8.GetBytes(options.Prompt);
        int count = Math.Min(options.Tokens, ByteLlama.Context - prompt.Length);
        if (prompt.Length == 0 || count <= 0)
        {
            Console.Error.WriteLine($"The prompt must hold 1 to {ByteLlama.Context - 1} bytes (the model's context is {ByteLlama.Context}); it holds {prompt.Length}.");
            return 2;
        }

        ByteLlama model = ByteLlama.LoadDefault();
        var decoder = new Decoder(model);
        Console.WriteLine($"model: byte-level Llama, {ByteLlama.Layers} layers of {nameof(ByteLlamaLayer)} (DModel {ByteLlamaLayer.DModel}, "
            + $"{ByteLlamaLayer.Heads} heads sharing {ByteLlamaLayer.KvHeads} key/value heads, SwiGLU {ByteLlamaLayer.Hidden}), trained on the King James Bible");
        Console.WriteLine($"kernels: {KernelPath.Current}; one thread");
        Console.WriteLine($"prompt: {options.Prompt}");
        if (count < options.Tokens)
        {
            Console.WriteLine($"(generating {count} bytes: the model's context is {ByteLlama.Context})");
        }

        Console.WriteLine();
        Generation.Choose greedy = logits => Sampling.Greedy(logits);
        Generation.WithCache(decoder, prompt, Math.Min(count, 8), greedy); // warm-up: the kernels compile on first use

        (byte[] cached, TimeSpan cachedTime) = Timed(() => Generation.WithCache(decoder, prompt, count, greedy));
        Report("greedy, with the key/value cache", prompt, cached, cachedTime);

        (byte[] recomputed, TimeSpan recomputedTime) = Timed(() => Generation.ByRecomputation(decoder, prompt, count, greedy));
        Console.WriteLine($"greedy, recomputing the whole sequence for each byte: {Rate(count, recomputedTime)}, "
            + $"{recomputedTime / cachedTime:0.0}× the cached time; the same bytes: {(recomputed.AsSpan().SequenceEqual(cached) ? "yes" : "NO")}");
        Console.WriteLine();

        var random = new SplitMix64((ulong)options.Seed);
        int[] order = new int[ByteLlama.Vocabulary];
        double[] weights = new double[options.TopK];
        Generation.Choose topK = logits => Sampling.TopK(logits, options.TopK, options.Temperature, ref random, order, weights);
        (byte[] sampled, TimeSpan sampledTime) = Timed(() => Generation.WithCache(decoder, prompt, count, topK));
        Report($"top-k {options.TopK}, temperature {options.Temperature.ToString(CultureInfo.InvariantCulture)}, seed {options.Seed}",
            prompt, sampled, sampledTime);
        return 0;
    }

    private static (byte[] Bytes, TimeSpan Time) Timed(Func<byte[]> generate)
    {
        var clock = Stopwatch.StartNew();
        byte[] bytes = generate();
        return (bytes, clock.Elapsed);
    }

    private static void Report(string how, byte[] prompt, byte[] generated, TimeSpan time)
    {
        Console.WriteLine($"{how}:");
        Console.WriteLine("  " + Encoding.UTF8.GetString([.. prompt, .. generated]).ReplaceLineEndings(Environment.NewLine + "  "));
        Console.WriteLine($"  {Rate(generated.Length, time)}");
    }

    private static string Rate(int tokens, TimeSpan time) =>
        $"{tokens} bytes in {time.TotalMilliseconds:0} ms, {tokens / time.TotalSeconds:0} tokens/s";
}
