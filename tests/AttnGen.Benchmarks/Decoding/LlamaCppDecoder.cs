using LLama;
using LLama.Common;
using LLama.Native;

namespace AttnGen.Benchmarks.Decoding;

/// <summary>
/// llama.cpp (through LLamaSharp) on a <see cref="DecoderGguf"/> file: one thread, float32 weights and a float32
/// key/value cache like AttnGen's, each sequence prefilled to the same length, then one token per sequence per call.
/// Only this type touches LLamaSharp, so its native library is loaded only when a llama.cpp benchmark runs.
/// </summary>
internal sealed class LlamaCppDecoder : IDisposable
{
    private readonly LLamaWeights _weights;
    private readonly LLamaContext _context;
    private readonly LLamaBatch _batch = new();
    private readonly int[] _nextTokens;
    private readonly int _length;

    /// <param name="tokens">Each sequence's tokens: the first <paramref name="length"/> prefilled, the next one decoded by <see cref="StepAndRewind"/>.</param>
    public LlamaCppDecoder(string modelPath, int[][] tokens, int length)
    {
        var parameters = new ModelParams(modelPath)
        {
            // ContextLength positions per sequence, in llama.cpp's default unified cache. A cache per sequence
            // (KVUnified = false), which spares each token the masked cells of the others, was no faster in a smoke run.
            ContextSize = (uint)(tokens.Length * DecoderWorkload.ContextLength),
            BatchSize = DecoderWorkload.ContextLength,
            SeqMax = (uint)tokens.Length,
            Threads = 1,
            BatchThreads = 1,
            GpuLayerCount = 0,
            TypeK = GGMLType.GGML_TYPE_F32,
            TypeV = GGMLType.GGML_TYPE_F32,
        };
        _weights = LLamaWeights.LoadFromFile(parameters);
        _context = _weights.CreateContext(parameters);
        _length = length;
        _nextTokens = [.. tokens.Select(t => t[length])];
        for (int sequence = 0; sequence < tokens.Length; sequence++)
        {
            _batch.Clear();
            for (int position = 0; position < length; position++)
            {
                _batch.Add(tokens[sequence][position], position, (LLamaSeqId)sequence, logits: false);
            }

            Decode();
        }
    }

    /// <summary>
    /// One token for every sequence at position <c>length</c>, in one batch, up to its logits; then that position
    /// removed from every sequence's cache, so each call decodes at the same length.
    /// </summary>
    public void StepAndRewind()
    {
        _batch.Clear();
        for (int sequence = 0; sequence < _nextTokens.Length; sequence++)
        {
            _batch.Add(_nextTokens[sequence], _length, (LLamaSeqId)sequence, logits: true);
        }

        Decode();
        for (int sequence = 0; sequence < _nextTokens.Length; sequence++)
        {
            _context.NativeHandle.MemorySequenceRemove((LLamaSeqId)sequence, _length, -1);
        }
    }

    /// <summary>The logits of sequence <paramref name="sequence"/>'s token in the last <see cref="StepAndRewind"/>.</summary>
    public float[] Logits(int sequence) => _context.NativeHandle.GetLogitsIth(sequence).ToArray();

    public void Dispose()
    {
        _context.Dispose();
        _weights.Dispose();
    }

    private void Decode()
    {
        DecodeResult result = _context.NativeHandle.Decode(_batch);
        if (result != DecodeResult.Ok)
        {
            throw new InvalidOperationException($"llama_decode returned {result}.");
        }

        // On the CPU it has finished already; synchronising makes sure the timing ends with the computation regardless.
        _context.NativeHandle.Synchronize();
    }
}
