namespace AttnGen.Benchmarks.Decoding;

/// <summary>A generated decoder layer with one cache per sequence, the same calls whichever declaration it is.</summary>
internal interface IAttnGenDecoder
{
    /// <summary>Empties sequence <paramref name="sequence"/>'s cache and runs <c>Forward</c> over all of <paramref name="x"/>.</summary>
    void Restart(int sequence, ReadOnlySpan<float> x, Span<float> y);

    /// <summary>
    /// <c>Step</c>: one new position for every sequence, then each cache set back to the length it had. The step
    /// writes its key and value at that length, so the next call overwrites the same slot with the same values and
    /// every call decodes at the same length and computes the same thing.
    /// </summary>
    void StepAndRewind(ReadOnlySpan<float> x, Span<float> y);
}

internal static class AttnGenDecoder
{
    public static IAttnGenDecoder Create(DecoderWorkload workload, int sequences) => workload.Model switch
    {
        DecoderModel.Gpt2Small => Gpt2Small(workload.Parameters, sequences),
        DecoderModel.LlamaGqa => LlamaGqa(workload.Parameters, sequences),
        _ => throw new ArgumentOutOfRangeException(nameof(workload), workload.Model, null),
    };

    // Cache.Length's setter is internal to the assembly the layer is generated into, which is this one.
    private static Decoder<Gpt2SmallLayer.Cache> Gpt2Small(CausalDecoderLayerParameters parameters, int sequences)
    {
        var layer = new Gpt2SmallLayer(Gpt2SmallLayer.Weights.From(parameters));
        return new(sequences, () => new(), layer.Forward, layer.Step, c => c.Length, (c, n) => c.Length = n, c => c.Reset());
    }

    private static Decoder<LlamaGqaLayer.Cache> LlamaGqa(CausalDecoderLayerParameters parameters, int sequences)
    {
        var layer = new LlamaGqaLayer(LlamaGqaLayer.Weights.From(parameters));
        return new(sequences, () => new(), layer.Forward, layer.Step, c => c.Length, (c, n) => c.Length = n, c => c.Reset());
    }

    private delegate void ForwardCall<TCache>(ReadOnlySpan<float> x, TCache cache, Span<float> y);

    private delegate void StepCall<TCache>(ReadOnlySpan<float> x, ReadOnlySpan<TCache> caches, Span<float> y);

    /// <summary>The layer's calls as delegates: a few nanoseconds per call against a step's microseconds.</summary>
    private sealed class Decoder<TCache>(int sequences, Func<TCache> newCache, ForwardCall<TCache> forward, StepCall<TCache> step,
        Func<TCache, int> length, Action<TCache, int> setLength, Action<TCache> reset) : IAttnGenDecoder
    {
        private readonly TCache[] _caches = [.. Enumerable.Range(0, sequences).Select(_ => newCache())];
        private readonly int[] _lengths = new int[sequences];

        public void Restart(int sequence, ReadOnlySpan<float> x, Span<float> y)
        {
            reset(_caches[sequence]);
            forward(x, _caches[sequence], y);
        }

        public void StepAndRewind(ReadOnlySpan<float> x, Span<float> y)
        {
            for (int i = 0; i < _caches.Length; i++)
            {
                _lengths[i] = length(_caches[i]);
            }

            step(x, _caches, y);
            for (int i = 0; i < _caches.Length; i++)
            {
                setLength(_caches[i], _lengths[i]);
            }
        }
    }
}
