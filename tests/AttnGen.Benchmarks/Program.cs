// Peer benchmarks (tests/data/peers). `--table [--quick]` runs every system on every workload in one BenchmarkDotNet
// run and prints one markdown table; `--paths [--quick]` times the generated S and B layers in each kernel form
// (Vector512, Vector256, Vector128); `--parts` profiles where B's time goes, `--sentence-parts` where the
// sentence-embedding pipeline's does; `--decode [--quick]` times decoding with a key/value cache against llama.cpp,
// full recomputation and the memory bandwidth (docs/performance.md, "Decoding"); any other arguments go to
// BenchmarkSwitcher (e.g. --filter '*SBenchmarks*'). `--filter '*GeneratorBenchmarks*'` times the source generator
// itself on twenty declarations: a warm driver after an edit of one declaration or of an unrelated file, and a cold
// run (docs/performance.md, "The generator in an editor"); it reads no peer file and is not part of --table.
// `--peers DIR` (or $ATTNGEN_PEERS) reads the workloads from elsewhere.
using AttnGen.Benchmarks;
using AttnGen.Benchmarks.Table;
using AttnGen.Benchmarks.Workloads;
using BenchmarkDotNet.Running;

List<string> arguments = [.. args];
int peers = arguments.IndexOf("--peers");
if (peers >= 0)
{
    if (peers + 1 >= arguments.Count)
    {
        Console.Error.WriteLine("--peers needs a directory.");
        return 2;
    }

    // Through the environment, so the child processes BenchmarkDotNet starts read the same directory.
    Environment.SetEnvironmentVariable(PeerDirectory.Variable, Path.GetFullPath(arguments[peers + 1]));
    arguments.RemoveRange(peers, 2);
}

if (arguments.SequenceEqual(["--parts"]))
{
    return AttnGen.Benchmarks.Profile.BParts.Run();
}

if (arguments.SequenceEqual(["--sentence-parts"]))
{
    return AttnGen.Benchmarks.Profile.SentenceParts.Run();
}

if (arguments.Remove("--paths"))
{
    bool quick = arguments.Remove("--quick");
    return arguments.Count == 0 ? KernelPathsMode.Run(quick) : Usage("--paths", arguments);
}

if (arguments.Remove("--decode"))
{
    bool quick = arguments.Remove("--quick");
    return arguments.Count == 0 ? DecodeMode.Run(quick) : Usage("--decode", arguments);
}

if (arguments.Remove("--table"))
{
    bool quick = arguments.Remove("--quick");
    return arguments.Count == 0 ? TableMode.Run(quick) : Usage("--table", arguments);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run([.. arguments], BenchmarkConfig.Create(job: null));
return 0;

static int Usage(string mode, List<string> rest)
{
    Console.Error.WriteLine($"{mode} takes only --quick and --peers DIR, not: {string.Join(' ', rest)}");
    return 2;
}
