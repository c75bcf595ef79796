using AttnGen.Testing;

namespace AttnGen.Golden.Tests;

/// <summary>
/// A generated decoder-only layer class seen through delegates, so that one test drives every declaration: its layer
/// and caches travel as objects, its inputs and outputs as arrays.
/// </summary>
internal sealed record GoldenDecoder(
    (int DModel, int Heads, int KvHeads, int Hidden, int MaxSeqLen) Shape,
    Func<IWeightSource, string, object> Load,
    CachedCalls Calls)
{
    public static GoldenDecoder Of<TLayer, TWeights, TCache>(
        Func<IWeightSource, string, TWeights> load, Func<TWeights, TLayer> create, Func<TCache> newCache,
        Action<TLayer, float[], TCache, float[]> forward, Action<TLayer, float[], TCache[], float[]> step,
        (int, int, int, int, int) shape)
        where TLayer : class
        where TCache : class =>
        new(shape, (source, prefix) => create(load(source, prefix))!, CachedCalls.Of(newCache, forward, step));
}
