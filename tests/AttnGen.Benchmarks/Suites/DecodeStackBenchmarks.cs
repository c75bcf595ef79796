using AttnGen.Benchmarks.Decoding;
using BenchmarkDotNet.Attributes;

namespace AttnGen.Benchmarks.Suites;

/// <summary>
/// One decode step at batch 1 through a stack of <see cref="Layers"/> layers, each with its own packed weights, as a
/// model decodes: the stack's weights (227 MB for GPT-2 small, 361 MB for the Llama layer) are far larger than the
/// last-level cache, so each layer's weights come from memory on every step. <see cref="DecodeBenchmarks"/> steps one
/// layer over and over, whose weights mostly stay in the cache; this is the row the bandwidth goal is judged on.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory(Category)]
public class DecodeStackBenchmarks
{
    public const string Category = "decode-stack";

    public const int Layers = 8;

    private IAttnGenDecoder[] _layers = [];
    private float[] _x = [];
    private float[] _y = [];

    [Params(DecoderModel.Gpt2Small, DecoderModel.LlamaGqa)]
    public DecoderModel Model { get; set; }

    [Params(16, 256)]
    public int CacheLength { get; set; }

    [GlobalSetup]
    public void SetUp()
    {
        var workload = DecoderWorkload.Create(Model);
        int d = workload.DModel;
        float[] sequence = workload.Embed(DecoderWorkload.Tokens(0, CacheLength + 1));
        var prefill = new float[CacheLength * d];
        // Weights.From packs each layer's own copy: the same values, in separate memory.
        _layers = [.. Enumerable.Range(0, Layers).Select(_ => AttnGenDecoder.Create(workload, sequences: 1))];
        foreach (IAttnGenDecoder layer in _layers)
        {
            layer.Restart(0, sequence.AsSpan(0, CacheLength * d), prefill);
        }

        _x = sequence[(CacheLength * d)..];
        _y = new float[d];
    }

    /// <summary>The new token through every layer in turn; the table divides by <see cref="Layers"/>.</summary>
    [Benchmark(Description = "AttnGen Step, stack of 8 layers")]
    public void StepThroughStack()
    {
        foreach (IAttnGenDecoder layer in _layers)
        {
            layer.StepAndRewind(_x, _y);
        }
    }
}
