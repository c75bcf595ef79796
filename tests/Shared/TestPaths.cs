namespace AttnGen.Testing;

/// <summary>Where test data lives: the repository root, and <c>../shared/golden</c> beside it.</summary>
internal static class TestPaths
{
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>The PyTorch reference cases; read in place, never copied into the repository.</summary>
    public static string Golden => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "golden"));

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
