using System.Diagnostics;
using System.Text.Json;

namespace SentenceEmbeddings;

/// <summary>
/// Embeds sentences with an encoder in the shape of all-MiniLM-L6-v2 and prints how similar each pair is.
/// <c>--model DIR</c> loads a HuggingFace checkpoint; without it, seeded random weights show the speed, not the meaning.
/// </summary>
public static class Program
{
    private const string Usage = "usage: SentenceEmbeddings [--model DIR] [sentence ...]";

    public static int Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        bool withModel = args.Length > 0 && args[0] == "--model";
        bool unknownOption = !withModel && args.Length > 0 && args[0].StartsWith('-');
        if ((withModel && args.Length < 2) || unknownOption)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        try
        {
            SentenceEncoder encoder = withModel
                ? ModelDirectory.Open(args[1])
                : new SentenceEncoder(BuiltInExamples.Tokenizer(), MiniLmWeights.Random(seed: 1));
            string[] given = args[(withModel ? 2 : 0)..];
            Report(encoder, given.Length > 0 ? given : BuiltInExamples.Sentences,
                withModel ? $"weights: loaded from {args[1]}" : "weights: seeded random (the similarities show that it runs, not what the sentences mean)");
            return 0;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or JsonException)
        {
            // A checkpoint that does not fit is the user's input, not a bug: say what is wrong, without a stack trace.
            Console.Error.WriteLine(e.Message);
            return 1;
        }
    }

    private static void Report(SentenceEncoder encoder, IReadOnlyList<string> sentences, string weightsLine)
    {
        Console.WriteLine($"all-MiniLM-L6-v2 shape: {MiniLm.Layers} layers, DModel {MiniLm.DModel}, {MiniLm.Heads} heads, hidden {MiniLm.Hidden}, at most {MiniLm.SeqLen} tokens per sentence");
        Console.WriteLine(weightsLine);
        Console.WriteLine();
        int[] ids = new int[MiniLm.SeqLen];
        for (int s = 0; s < sentences.Count; s++)
        {
            Console.WriteLine($"  [{s + 1}] {sentences[s]}  ({encoder.Tokenize(sentences[s], ids)} tokens)");
        }

        float[] embeddings = new float[sentences.Count * MiniLm.DModel];
        encoder.Encode(sentences, embeddings); // also the warm-up for the timing below
        Console.WriteLine();
        Console.WriteLine("cosine similarity");
        SimilarityTable.Write(Console.Out, sentences.Count, embeddings);

        int passes = 0;
        var clock = Stopwatch.StartNew();
        while (clock.ElapsedMilliseconds < 500 || passes < 3)
        {
            encoder.Encode(sentences, embeddings);
            passes++;
        }

        double milliseconds = clock.Elapsed.TotalMilliseconds / (passes * sentences.Count);
        Console.WriteLine();
        Console.WriteLine($"time per sentence {milliseconds,8:F2} ms  (Stopwatch: mean of {passes} passes over {sentences.Count} sentences after a warm-up; one thread; the sentences as one packed batch: tokenizing, {MiniLm.Layers} layers at each sentence's own length, pooling)");
    }
}
