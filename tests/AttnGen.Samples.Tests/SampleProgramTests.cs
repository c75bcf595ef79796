using SentenceEmbeddings;

namespace AttnGen.Samples.Tests;

/// <summary>
/// The sample's command line as a user runs it. Console output is redirected while Main runs; the tests share this
/// one class so that xunit runs them one at a time, never swapping the console under each other.
/// </summary>
public sealed class SampleProgramTests
{
    [Fact]
    public void WithoutArguments_PrintsTheSimilarityTableAndTheTime()
    {
        var (exitCode, output, errors) = RunMain([]);

        Assert.Equal(0, exitCode);
        Assert.Empty(errors);
        string[] lines = output.Split('\n', StringSplitOptions.TrimEntries);
        int header = Array.IndexOf(lines, "cosine similarity");
        Assert.True(header >= 0, output);
        int count = BuiltInExamples.Sentences.Count;
        Assert.Equal(string.Join(' ', Enumerable.Range(1, count).Select(i => $"[{i}]")), string.Join(' ', lines[header + 1].Split(' ', StringSplitOptions.RemoveEmptyEntries)));
        for (int row = 0; row < count; row++)
        {
            string[] cells = lines[header + 2 + row].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal($"[{row + 1}]", cells[0]);
            double[] similarities = [.. cells[1..].Select(double.Parse)];
            Assert.Equal(count, similarities.Length);
            Assert.Equal(1.0, similarities[row], 3); // each sentence is itself
            Assert.All(similarities, value => Assert.InRange(value, -1.0005, 1.0005));
        }

        Assert.Contains(lines, line => line.StartsWith("time per sentence", StringComparison.Ordinal) && line.Contains("ms  (Stopwatch", StringComparison.Ordinal));
    }

    [Fact]
    public void ModelWithAnotherShape_ExitsWithOneLinePerMismatchAndNoStackTrace()
    {
        string directory = Directory.CreateTempSubdirectory("attngen-minilm-config-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(directory, "config.json"),
                MiniLmCheckpoint.Config.Replace("\"hidden_size\": 384", "\"hidden_size\": 768").Replace("\"gelu\"", "\"gelu_new\""));

            var (exitCode, output, errors) = RunMain(["--model", directory]);

            Assert.Equal(1, exitCode);
            Assert.Empty(output);
            string[] lines = errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.Equal(["- hidden_size is 768; the program is declared for 384", "- hidden_act is gelu_new; the program is declared for gelu"], lines[1..]);
            Assert.DoesNotContain(" at ", errors, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void UnknownOption_PrintsTheUsage()
    {
        var (exitCode, _, errors) = RunMain(["--modle", "x"]);

        Assert.Equal(2, exitCode);
        Assert.StartsWith("usage:", errors, StringComparison.Ordinal);
    }

    private static (int ExitCode, string Output, string Errors) RunMain(string[] args)
    {
        TextWriter originalOut = Console.Out, originalError = Console.Error;
        var output = new StringWriter();
        var errors = new StringWriter();
        Console.SetOut(output);
        Console.SetError(errors);
        try
        {
            int exitCode = Program.Main(args);
            return (exitCode, output.ToString(), errors.ToString());
        }
        finally
        {
            Console.SetOut(originalOut);
            Console.SetError(originalError);
        }
    }
}
