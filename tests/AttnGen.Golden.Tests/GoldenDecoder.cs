namespace AttnGen.Golden.Tests;

/// <summary>
/// A generated decoder-only layer class seen through delegates, so that one test drives every declaration: its layer
/// and caches travel as objects, its inputs and outputs as arrays.
/// </summary>
internal sealed record GoldenDecoder(
    (int DModel, int Heads, int KvHeads, int Hidden, int MaxSeqLen) Shape,
    Func<IWeightSource, string, object> Load,
    Func<object> NewCache,
    Action<object, float[], object, float[]> ForwardInto,
    Action<object, float[], object[], float[]> StepInto)
{
    public static GoldenDecoder Of<TLayer, TWeights, TCache>(
        Func<IWeightSource, string, TWeights> load, Func<TWeights, TLayer> create, Func<TCache> newCache,
        Action<TLayer, float[], TCache, float[]> forward, Action<TLayer, float[], TCache[], float[]> step,
        (int, int, int, int, int) shape)
        where TLayer : class
        where TCache : class =>
        new(shape, (source, prefix) => create(load(source, prefix))!, newCache,
            (layer, x, cache, y) => forward((TLayer)layer, x, (TCache)cache, y),
            (layer, x, caches, y) => step((TLayer)layer, x, Array.ConvertAll(caches, cache => (TCache)cache), y));

    public float[] Forward(object layer, float[] x, object cache)
    {
        var y = new float[x.Length];
        ForwardInto(layer, x, cache, y);
        return y;
    }

    public float[] Step(object layer, float[] x, object[] caches)
    {
        var y = new float[x.Length];
        StepInto(layer, x, caches, y);
        return y;
    }
}
