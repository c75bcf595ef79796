using System.Buffers.Binary;
using System.Diagnostics;
using AttnGen.Fuzzing;
using AttnGen.Testing;
using Xunit.Abstractions;

namespace AttnGen.Runtime.Tests.Fuzzing;

/// <summary>
/// The safetensors reader fuzzed in process: 100,000 seeded mutations of the golden files, each validated and read
/// through <see cref="SafeTensorsProbe"/>. The only outcomes allowed are success and <see cref="InvalidDataException"/>:
/// no other exception, no hang, and no allocation beyond what the file's own size accounts for. The AFL++ harness in
/// tests/AttnGen.Fuzz runs the same probe for as long as one likes.
/// </summary>
public sealed class SafeTensorsMutationFuzzTests(ITestOutputHelper output)
{
    /// <summary>How many files CI runs; ATTNGEN_FUZZ_FILES and ATTNGEN_FUZZ_SEED set a longer or another run by hand.</summary>
    private static readonly int Files = Setting("ATTNGEN_FUZZ_FILES", 100_000);

    /// <summary>Allocation that does not depend on the file: the exception and its message, the dictionaries' first buckets.</summary>
    private const long FixedAllocation = 64 * 1024;

    [Fact]
    public void Mutated_golden_files_are_read_or_refused_with_InvalidDataException_only()
    {
        (string Name, byte[] Json, byte[] Data)[] seeds =
            [.. Directory.GetFiles(TestPaths.Golden, "*.safetensors").Order().Select(path => Split(path))];
        int valid = 0;
        var crashes = new List<string>();
        long slowest = 0;
        var mutator = new SafeTensorsMutator(Setting("ATTNGEN_FUZZ_SEED", 13));
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < Files; i++)
        {
            (string name, byte[] json, byte[] data) = seeds[i % seeds.Length];
            byte[] file = mutator.Mutate(json, data);
            long start = clock.ElapsedTicks;
            try
            {
                (bool isValid, long allocated) = Probe(file);
                valid += isValid ? 1 : 0;
                // The first exception of a kind loads its message resources, once per process: only an allocation that
                // the same file repeats is the file's.
                if (allocated > AllowedAllocation(file) && Probe(file).Allocated > AllowedAllocation(file))
                {
                    crashes.Add(Crash(name, i, file, $"allocated {allocated} bytes for a file of {file.Length}"));
                }
            }
            catch (Exception e) when (e is not InvalidDataException)
            {
                crashes.Add(Crash(name, i, file, $"{e.GetType().Name}: {e.Message}"));
            }

            slowest = Math.Max(slowest, clock.ElapsedTicks - start);
        }

        output.WriteLine($"{Files} mutated files from {seeds.Length} golden files in {clock.Elapsed.TotalSeconds:F1} s: " +
            $"{valid} valid, {Files - valid} refused, {crashes.Count} crashes; slowest file {slowest * 1000.0 / Stopwatch.Frequency:F1} ms");
        Assert.True(crashes.Count == 0, string.Join("\n\n", crashes.Take(3)));
        Assert.True(valid > 0 && valid < Files, "the mutations should leave some files valid and break most");
        Assert.True(slowest < Stopwatch.Frequency, "a file took over a second: a hang in the making");
    }

    private static int Setting(string variable, int otherwise) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), out int value) ? value : otherwise;

    private static (bool Valid, long Allocated) Probe(byte[] file)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        bool valid = SafeTensorsProbe.Run(file);
        return (valid, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    /// <summary>Reading every tensor out converts it to 4-byte elements: at most 4 bytes per byte of the file (U8, I8).</summary>
    private static long AllowedAllocation(byte[] file) => 4L * file.Length + FixedAllocation;

    /// <summary>Describes a crash and keeps its file, to replay with the AFL++ harness or a debugger.</summary>
    private static string Crash(string seed, int index, byte[] file, string what)
    {
        string path = Path.Combine(Path.GetTempPath(), $"attngen-fuzz-crash-{seed}-{index}.safetensors");
        File.WriteAllBytes(path, file);
        return $"{seed} #{index}: {what} (file kept at {path})";
    }

    private static (string, byte[], byte[]) Split(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        int headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        return (Path.GetFileNameWithoutExtension(path), bytes[8..(8 + headerLength)], bytes[(8 + headerLength)..]);
    }
}
