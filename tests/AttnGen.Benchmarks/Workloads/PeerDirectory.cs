namespace AttnGen.Benchmarks.Workloads;

/// <summary>
/// Where the peer workloads live: <c>$ATTNGEN_PEERS</c> when set, otherwise <c>tests/data/peers</c> in the repository
/// (found, as the tests find it, by walking up to <c>AttnGen.sln</c>).
/// </summary>
internal static class PeerDirectory
{
    /// <summary>
    /// The override. An environment variable rather than a field, because BenchmarkDotNet runs every benchmark in a
    /// child process, which inherits the environment but not the parent's arguments.
    /// </summary>
    public const string Variable = "ATTNGEN_PEERS";

    /// <exception cref="DirectoryNotFoundException">There is no directory at <see cref="Candidate"/>.</exception>
    public static string Path => Exists ? Candidate : throw new DirectoryNotFoundException(Missing);

    /// <summary>Where the workloads are looked for, whether or not the directory is there.</summary>
    public static string Candidate
    {
        get
        {
            string? overridden = Environment.GetEnvironmentVariable(Variable);
            return System.IO.Path.GetFullPath(string.IsNullOrEmpty(overridden)
                ? System.IO.Path.Combine(RepositoryRoot(), "tests", "data", "peers")
                : overridden);
        }
    }

    public static bool Exists => Directory.Exists(Candidate);

    public static string Missing => $"No peer workloads at {Candidate}; set {Variable} or pass --peers DIR.";

    public static string File(string name) => System.IO.Path.Combine(Path, name);

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(System.IO.Path.Combine(dir.FullName, "AttnGen.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No AttnGen.sln above {AppContext.BaseDirectory}; set {Variable} or pass --peers DIR.");
    }
}
