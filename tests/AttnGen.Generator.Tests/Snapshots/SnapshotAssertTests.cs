using Xunit.Sdk;

namespace AttnGen.Generator.Tests.Snapshots;

/// <summary>The snapshot helper itself, in a temporary directory: failing, accepting, stale files, line endings.</summary>
public sealed class SnapshotAssertTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "attngen-snapshots-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public void Missing_snapshot_fails_and_says_how_to_accept()
    {
        FailException failure = Assert.Throws<FailException>(() =>
            SnapshotAssert.Match("Case", [("A.g.cs", "class A {}\n")], _directory, accept: false));

        Assert.Contains("Case.A.g.cs.verified.txt", failure.Message, StringComparison.Ordinal);
        Assert.Contains("no snapshot file", failure.Message, StringComparison.Ordinal);
        Assert.Contains("ATTNGEN_ACCEPT_SNAPSHOTS=1", failure.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_directory), "A failing run must not write anything.");
    }

    [Fact]
    public void Accepting_writes_snapshots_that_then_match()
    {
        (string, string)[] generated = [("A.g.cs", "line 1\r\nline 2\r\n"), ("B.g.cs", "other\n")];

        SnapshotAssert.Match("Case", generated, _directory, accept: true);

        Assert.Equal("line 1\nline 2\n", File.ReadAllText(Path.Combine(_directory, "Case.A.g.cs.verified.txt")));
        Assert.Equal("other\n", File.ReadAllText(Path.Combine(_directory, "Case.B.g.cs.verified.txt")));
        SnapshotAssert.Match("Case", generated, _directory, accept: false);
    }

    [Fact]
    public void Line_endings_are_normalised_on_both_sides()
    {
        Directory.CreateDirectory(_directory);
        File.WriteAllText(Path.Combine(_directory, "Case.A.g.cs.verified.txt"), "a\r\nb\r\n");

        SnapshotAssert.Match("Case", [("A.g.cs", "a\nb\n")], _directory, accept: false);
        SnapshotAssert.Match("Case", [("A.g.cs", "a\r\nb\r\n")], _directory, accept: false);
    }

    [Fact]
    public void Different_text_fails_at_the_first_differing_line()
    {
        Directory.CreateDirectory(_directory);
        File.WriteAllText(Path.Combine(_directory, "Case.A.g.cs.verified.txt"), "same\nold value\nlater\n");

        FailException failure = Assert.Throws<FailException>(() =>
            SnapshotAssert.Match("Case", [("A.g.cs", "same\nnew value\nlater\n")], _directory, accept: false));

        Assert.Contains("line 2", failure.Message, StringComparison.Ordinal);
        Assert.Contains("`old value`", failure.Message, StringComparison.Ordinal);
        Assert.Contains("`new value`", failure.Message, StringComparison.Ordinal);
        Assert.Contains("ATTNGEN_ACCEPT_SNAPSHOTS=1", failure.Message, StringComparison.Ordinal);
        Assert.Equal("same\nold value\nlater\n", File.ReadAllText(Path.Combine(_directory, "Case.A.g.cs.verified.txt")));
    }

    [Fact]
    public void Extra_or_missing_trailing_lines_are_reported()
    {
        Assert.Contains("line 3", SnapshotAssert.FirstDifference("a\nb\nc", "a\nb"), StringComparison.Ordinal);
        Assert.Contains("line 3", SnapshotAssert.FirstDifference("a\nb", "a\nb\nc"), StringComparison.Ordinal);
        Assert.Null(SnapshotAssert.FirstDifference("a\nb\n", "a\nb\n"));
    }

    [Fact]
    public void Stale_snapshots_fail_and_are_deleted_when_accepting()
    {
        Directory.CreateDirectory(_directory);
        string kept = Path.Combine(_directory, "Case.A.g.cs.verified.txt");
        string stale = Path.Combine(_directory, "Case.Gone.g.cs.verified.txt");
        string otherTest = Path.Combine(_directory, "CaseTwo.Gone.g.cs.verified.txt");
        File.WriteAllText(kept, "a\n");
        File.WriteAllText(stale, "gone\n");
        File.WriteAllText(otherTest, "not ours\n");

        FailException failure = Assert.Throws<FailException>(() =>
            SnapshotAssert.Match("Case", [("A.g.cs", "a\n")], _directory, accept: false));
        Assert.Contains("Case.Gone.g.cs.verified.txt: stale snapshot", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("CaseTwo", failure.Message, StringComparison.Ordinal);

        SnapshotAssert.Match("Case", [("A.g.cs", "a\n")], _directory, accept: true);

        Assert.True(File.Exists(kept));
        Assert.False(File.Exists(stale), "Accepting deletes the test's snapshots that no longer match a generated source.");
        Assert.True(File.Exists(otherTest), "Accepting never touches another test's snapshots.");
    }

    [Fact]
    public void Test_names_with_dots_are_rejected() =>
        Assert.Throws<ArgumentException>(() => SnapshotAssert.Match("Case.Sub", [("A.g.cs", "a\n")], _directory, accept: false));
}
