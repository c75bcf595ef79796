using System.Globalization;
using AttnGen.Benchmarks.Decoding;
using BenchmarkDotNet.Attributes;

namespace AttnGen.Benchmarks.Suites;

/// <summary>
/// Decoding one new token for each of <see cref="Batch"/> sequences, every cache already holding
/// <see cref="CacheLength"/> positions: AttnGen's <c>Step</c>, the same token by recomputing its whole sequence, and
/// llama.cpp on the same weights. One thread everywhere.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory(Category)]
public class DecodeBenchmarks
{
    public const string Category = "decode";

    /// <summary>Starts the line the llama.cpp setup prints: its logits against AttnGen's layer with the same head.</summary>
    public const string LogitsCheckMarker = "// llama.cpp logits check:";

    private IAttnGenDecoder _attnGen = null!;
    private LlamaCppDecoder? _llamaCpp;
    private float[][] _sequences = [];
    private float[] _stepX = [];
    private float[] _stepY = [];
    private float[] _y = [];

    [Params(DecoderModel.Gpt2Small, DecoderModel.LlamaGqa)]
    public DecoderModel Model { get; set; }

    [Params(16, 256, 1024)]
    public int CacheLength { get; set; }

    [Params(1, 8)]
    public int Batch { get; set; }

    [GlobalSetup(Target = nameof(AttnGenStep))]
    public void SetUpAttnGenStep()
    {
        DecoderWorkload workload = SetUpAttnGen();
        for (int sequence = 0; sequence < Batch; sequence++)
        {
            int prompt = CacheLength * workload.DModel;
            _attnGen.Restart(sequence, _sequences[sequence].AsSpan(0, prompt), _y.AsSpan(0, prompt));
        }
    }

    [GlobalSetup(Target = nameof(FullRecomputation))]
    public void SetUpFullRecomputation() => SetUpAttnGen();

    [GlobalSetup(Target = nameof(LlamaCpp))]
    public void SetUpLlamaCpp()
    {
        DecoderWorkload workload = SetUpAttnGen();
        string path = DecoderGguf.Write(workload);
        try
        {
            _llamaCpp = new LlamaCppDecoder(path, [.. Enumerable.Range(0, Batch).Select(s => DecoderWorkload.Tokens(s, CacheLength + 1))], CacheLength);
        }
        finally
        {
            // llama.cpp has read the weights into its own memory (no mmap on a file about to go).
            File.Delete(path);
        }

        // The same weights and the same computation: llama.cpp's logits for the last sequence's new token against
        // AttnGen's layer output for it (left in _y by the recomputation), through the same final norm and output projection.
        _llamaCpp.StepAndRewind();
        FullRecomputation();
        double[] expected = workload.Logits(_y.AsSpan(CacheLength * workload.DModel, workload.DModel));
        float[] actual = _llamaCpp.Logits(Batch - 1);
        double difference = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        double scale = expected.Max(Math.Abs);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{LogitsCheckMarker} {difference:E2} of max |logit| {scale:F2}"));
        if (difference > 1e-2 * scale)
        {
            throw new InvalidOperationException($"llama.cpp's logits differ from AttnGen's by {difference} (max |logit| {scale}); not timing it.");
        }
    }

    [GlobalCleanup]
    public void CleanUp() => _llamaCpp?.Dispose();

    [Benchmark(Description = "AttnGen Step")]
    public void AttnGenStep() => _attnGen.StepAndRewind(_stepX, _stepY);

    /// <summary>Each sequence's L + 1 positions through <c>Forward</c> on an emptied cache: the new token without a cache.</summary>
    [Benchmark(Description = "full recomputation")]
    public void FullRecomputation()
    {
        for (int sequence = 0; sequence < Batch; sequence++)
        {
            _attnGen.Restart(sequence, _sequences[sequence], _y);
        }
    }

    [Benchmark(Description = "llama.cpp")]
    public void LlamaCpp() => _llamaCpp!.StepAndRewind();

    /// <summary>The layer with a cache per sequence, each sequence's L + 1 input rows, and the new rows side by side for <c>Step</c>.</summary>
    private DecoderWorkload SetUpAttnGen()
    {
        var workload = DecoderWorkload.Create(Model);
        int d = workload.DModel;
        _attnGen = AttnGenDecoder.Create(workload, Batch);
        _sequences = [.. Enumerable.Range(0, Batch).Select(s => workload.Embed(DecoderWorkload.Tokens(s, CacheLength + 1)))];
        _stepX = [.. _sequences.SelectMany(rows => rows.Skip(CacheLength * d))];
        _stepY = new float[Batch * d];
        _y = new float[(CacheLength + 1) * d];
        return workload;
    }
}
