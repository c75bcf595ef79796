using System.Text.RegularExpressions;
using AttnGen.Testing;

namespace AttnGen.Generator.Tests.Readme;

/// <summary>Every link between the README and the pages under docs/ leads somewhere: the file, and the heading it names.</summary>
public sealed partial class DocumentationLinkTests
{
    [Fact]
    public void Every_relative_link_resolves()
    {
        string root = TestPaths.RepositoryRoot;
        string[] pages = [Path.Combine(root, "README.md"), .. Directory.GetFiles(Path.Combine(root, "docs"), "*.md", SearchOption.AllDirectories)];
        var broken = new List<string>();
        foreach (string page in pages)
        {
            foreach (Match link in Link().Matches(File.ReadAllText(page)))
            {
                string target = link.Groups["path"].Value, anchor = link.Groups["anchor"].Value;
                string file = target.Length == 0 ? page : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(page)!, target));
                if (!File.Exists(file))
                {
                    broken.Add($"{Path.GetRelativePath(root, page)}: {link.Value} (no file {Path.GetRelativePath(root, file)})");
                }
                else if (anchor.Length > 0 && !Anchors(file).Contains(anchor))
                {
                    broken.Add($"{Path.GetRelativePath(root, page)}: {link.Value} (no heading #{anchor})");
                }
            }
        }

        Assert.True(pages.Length > 10, $"only {pages.Length} pages found");
        Assert.True(broken.Count == 0, "Broken links:" + Environment.NewLine + string.Join(Environment.NewLine, broken));
    }

    /// <summary>The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces as hyphens.</summary>
    private static HashSet<string> Anchors(string file) =>
        [.. File.ReadAllLines(file).Where(line => line.StartsWith('#'))
            .Select(line => Punctuation().Replace(line.TrimStart('#').Trim().ToLowerInvariant(), "").Replace(' ', '-'))];

    /// <summary>A Markdown link to a file in the repository (not a web address), with an optional heading anchor.</summary>
    [GeneratedRegex(@"\]\((?!https?:)(?<path>[^)#\s]*)(?:#(?<anchor>[^)\s]+))?\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"[^\w\- ]")]
    private static partial Regex Punctuation();
}
