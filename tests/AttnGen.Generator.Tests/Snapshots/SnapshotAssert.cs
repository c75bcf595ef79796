using System.Text;
using AttnGen.Testing;
using Microsoft.CodeAnalysis;

namespace AttnGen.Generator.Tests.Snapshots;

/// <summary>
/// Compares generated sources with checked-in files, in the spirit of Verify: one file per generated source,
/// <c>Snapshots/Verified/{testName}.{hintName}.verified.txt</c>, read and written in the source tree.
/// </summary>
/// <remarks>
/// To accept new output, run the tests with <c>ATTNGEN_ACCEPT_SNAPSHOTS=1</c>: every generated source is written
/// to its file, and files of the same test that no longer match a generated source are deleted. Review the diff
/// before committing. Line endings are normalised to <c>\n</c> on both sides.
/// </remarks>
internal static class SnapshotAssert
{
    public const string AcceptVariable = "ATTNGEN_ACCEPT_SNAPSHOTS";
    public const string Suffix = ".verified.txt";

    /// <summary>Where the checked-in snapshots live, in the source tree (never the bin folder).</summary>
    public static string VerifiedDirectory { get; } =
        Path.Combine(TestPaths.RepositoryRoot, "tests", "AttnGen.Generator.Tests", "Snapshots", "Verified");

    /// <summary>Whether this run accepts new output (<c>ATTNGEN_ACCEPT_SNAPSHOTS=1</c>).</summary>
    public static bool Accepting => Environment.GetEnvironmentVariable(AcceptVariable) == "1";

    /// <summary>Matches every source <paramref name="result"/> generated against the checked-in snapshots of <paramref name="testName"/>.</summary>
    public static void Match(string testName, GeneratorDriverRunResult result) =>
        Match(testName, result, VerifiedDirectory, Accepting);

    /// <summary>The same, against any directory and with an explicit accept switch (so the helper itself can be tested).</summary>
    public static void Match(string testName, GeneratorDriverRunResult result, string directory, bool accept) =>
        Match(testName, result.Results.SelectMany(r => r.GeneratedSources).Select(s => (s.HintName, s.SourceText.ToString())), directory, accept);

    public static void Match(string testName, IEnumerable<(string HintName, string Text)> generated, string directory, bool accept)
    {
        ArgumentException.ThrowIfNullOrEmpty(testName);
        if (testName.IndexOfAny(['.', '/', '\\']) >= 0)
        {
            // A dot would let one test's "{testName}.*" pattern claim another test's files.
            throw new ArgumentException($"Snapshot test name '{testName}' must not contain '.', '/' or '\\'.", nameof(testName));
        }

        var expectedFiles = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach ((string hintName, string text) in generated)
        {
            expectedFiles.Add(Path.Combine(directory, $"{testName}.{hintName}{Suffix}"), Normalize(text));
        }

        string[] existing = Directory.Exists(directory)
            ? Directory.GetFiles(directory, $"{testName}.*{Suffix}")
            : [];
        string[] stale = existing.Where(path => !expectedFiles.ContainsKey(path)).Order(StringComparer.Ordinal).ToArray();

        if (accept)
        {
            Directory.CreateDirectory(directory);
            foreach ((string path, string text) in expectedFiles)
            {
                if (!File.Exists(path) || Normalize(File.ReadAllText(path)) != text)
                {
                    File.WriteAllText(path, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
                }
            }

            foreach (string path in stale)
            {
                File.Delete(path);
            }

            return;
        }

        var failures = new List<string>();
        foreach ((string path, string actual) in expectedFiles.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            string name = Path.GetFileName(path);
            if (!File.Exists(path))
            {
                failures.Add($"{name}: no snapshot file; the generator produced {CountLines(actual)} lines.");
                continue;
            }

            string expected = Normalize(File.ReadAllText(path));
            if (FirstDifference(expected, actual) is { } difference)
            {
                failures.Add($"{name}: differs from the generated source at {difference}");
            }
        }

        foreach (string path in stale)
        {
            failures.Add($"{Path.GetFileName(path)}: stale snapshot; the generator no longer produces this source.");
        }

        if (failures.Count > 0)
        {
            Assert.Fail(
                $"Snapshot mismatch for '{testName}' in {directory}:{Environment.NewLine}" +
                string.Join(Environment.NewLine, failures.Select(f => "  - " + f)) + Environment.NewLine +
                $"If the new output is right, accept it by running the tests with {AcceptVariable}=1 " +
                $"(e.g. `{AcceptVariable}=1 dotnet test tests/AttnGen.Generator.Tests --filter FullyQualifiedName~Snapshot`), then review the diff.");
        }
    }

    /// <summary>Line endings as <c>\n</c>, so a checkout with CRLF still matches.</summary>
    public static string Normalize(string text) => text.Replace("\r\n", "\n").Replace('\r', '\n');

    /// <summary>The first line that differs, as "line N" with both versions; null when the texts are equal.</summary>
    public static string? FirstDifference(string expected, string actual)
    {
        if (expected == actual)
        {
            return null;
        }

        string[] expectedLines = expected.Split('\n');
        string[] actualLines = actual.Split('\n');
        int common = Math.Min(expectedLines.Length, actualLines.Length);
        for (int i = 0; i < common; i++)
        {
            if (expectedLines[i] != actualLines[i])
            {
                return $"line {i + 1}:{Environment.NewLine}" +
                    $"      expected: {Show(expectedLines[i])}{Environment.NewLine}" +
                    $"      actual:   {Show(actualLines[i])}";
            }
        }

        // Equal up to the shorter one: one has extra lines (or only a trailing newline differs).
        return expectedLines.Length > actualLines.Length
            ? $"line {common + 1}: expected {Show(expectedLines[common])}, but the generated source ends after {common} lines"
            : $"line {common + 1}: generated {Show(actualLines[common])}, but the snapshot ends after {common} lines";
    }

    private static string Show(string line) => line.Length == 0 ? "(empty line)" : "`" + line + "`";

    private static int CountLines(string text) => text.Split('\n').Length;
}
