namespace AttnGen.Testing;

/// <summary>Where test data lives: the repository root, and the PyTorch reference cases inside it.</summary>
internal static class TestPaths
{
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>The PyTorch reference cases (<c>tests/data/golden</c>, with a README that says where they come from).</summary>
    public static string Golden => Path.Combine(RepositoryRoot, "tests", "data", "golden");

    /// <summary>The decoder-only layer cases (<c>tests/data/decoding</c>, with the script that computes them and a README).</summary>
    public static string Decoding => Path.Combine(RepositoryRoot, "tests", "data", "decoding");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AttnGen.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No AttnGen.sln above {AppContext.BaseDirectory}.");
    }
}
