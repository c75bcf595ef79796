using System.Globalization;
using AttnGen.Testing;

namespace AttnGen.Package.Tests;

/// <summary>
/// A user's first steps with the package, once for the test class: pack it from this repository into a folder feed,
/// create a console project, <c>dotnet add package AttnGen --source DIR</c>, and write a program that declares a block.
/// </summary>
public sealed class ConsumerProject : IDisposable
{
    /// <summary>A version no earlier run used, so the package cache never answers with a stale package.</summary>
    private static readonly string Version = "0.1.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture);

    /// <summary>
    /// Top-level statements, then the declarations the generator fills in: a causal attention block run padded and
    /// packed, and a Llama-style decoder-only layer decoding with a cache (a prefill, then single steps, against one
    /// pass). It prints which vector form runs and a checksum of both outputs' bits, so two builds can be compared bit
    /// for bit.
    /// </summary>
    private const string Program = """
        using AttnGen;

        var attention = new CausalSelfAttention(CausalSelfAttention.Weights.Random(seed: 1));
        float[] x = new float[2 * CausalSelfAttention.SeqLen * CausalSelfAttention.DModel];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = MathF.Sin(i);
        }

        float[] y = new float[x.Length];
        attention.Forward(x, y);
        float[] packed = new float[x.Length];
        attention.ForwardPacked(x, [CausalSelfAttention.SeqLen, CausalSelfAttention.SeqLen], packed);

        var layer = new LlamaLayer(LlamaLayer.Weights.Random(seed: 2));
        const int positions = 7;
        float[] tokens = x.AsSpan(0, positions * LlamaLayer.DModel).ToArray();
        float[] whole = new float[tokens.Length];
        layer.Forward(tokens, new LlamaLayer.Cache(), whole);
        float[] decoded = new float[tokens.Length];
        var cache = new LlamaLayer.Cache();
        layer.Forward(tokens.AsSpan(0, 3 * LlamaLayer.DModel), cache, decoded.AsSpan(0, 3 * LlamaLayer.DModel));
        for (int position = 3; position < positions; position++)
        {
            Range row = (position * LlamaLayer.DModel)..((position + 1) * LlamaLayer.DModel);
            layer.Step(tokens.AsSpan(row), [cache], decoded.AsSpan(row));
        }

        long checksum = 0;
        foreach (float value in y.Concat(decoded))
        {
            checksum = unchecked(checksum * 31 + BitConverter.SingleToInt32Bits(value));
        }

        Console.WriteLine($"kernel path {KernelPath.Current}");
        Console.WriteLine($"finite {y.All(float.IsFinite)}, packed equals padded {y.AsSpan().SequenceEqual(packed)}");
        Console.WriteLine($"decoded finite {decoded.All(float.IsFinite)}, equals one pass {decoded.AsSpan().SequenceEqual(whole)}, cache length {cache.Length}");
        Console.WriteLine($"checksum {checksum}");

        [MultiHeadAttention(DModel = 64, Heads = 4, SeqLen = 16, Mask = AttentionMask.Causal)]
        public partial class CausalSelfAttention;

        [CausalDecoderLayer(DModel = 64, Heads = 4, KvHeads = 2, Hidden = 176, MaxSeqLen = 16, NormEps = 1e-5,
            Norm = NormKind.RmsNorm, Ffn = FfnKind.SwiGlu, RotaryTheta = 10000)]
        public partial class LlamaLayer;
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("attngen-package-").FullName;

    public ConsumerProject()
    {
        string feed = Path.Combine(_directory, "feed");
        App = Path.Combine(_directory, "app");
        Commands.Dotnet(TestPaths.RepositoryRoot, "pack", "runtime/AttnGen.Runtime", "-c", "Release", "-o", feed, $"-p:Version={Version}");
        Commands.Dotnet(_directory, "new", "console", "-o", App, "--framework", "net10.0");
        Commands.Dotnet(App, "add", "package", "AttnGen", "--source", feed, "--version", Version);
        File.WriteAllText(Path.Combine(App, "Program.cs"), Program);
    }

    /// <summary>The console project's directory.</summary>
    public string App { get; }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
