namespace AttnGen.Testing;

/// <summary>
/// The calls of a generated layer that decodes with a cache, seen through delegates so that one test drives every
/// declaration: the layer and its caches travel as objects, rows as arrays.
/// </summary>
internal sealed record CachedCalls(
    Func<object> NewCache,
    Action<object, float[], object, float[]> ForwardInto,
    Action<object, float[], object[], float[]> StepInto)
{
    /// <summary>The calls of a layer whose types are known where the test declares it.</summary>
    public static CachedCalls Of<TLayer, TCache>(
        Func<TCache> newCache, Action<TLayer, float[], TCache, float[]> forward, Action<TLayer, float[], TCache[], float[]> step)
        where TLayer : class
        where TCache : class =>
        new(newCache,
            (layer, x, cache, y) => forward((TLayer)layer, x, (TCache)cache, y),
            (layer, x, caches, y) => step((TLayer)layer, x, Array.ConvertAll(caches, cache => (TCache)cache), y));

    /// <summary><c>Forward(x, cache, y)</c> into a new array.</summary>
    public float[] Forward(object layer, float[] x, object cache)
    {
        var y = new float[x.Length];
        ForwardInto(layer, x, cache, y);
        return y;
    }

    /// <summary><c>Step(x, caches, y)</c> into a new array.</summary>
    public float[] Step(object layer, float[] x, object[] caches)
    {
        var y = new float[x.Length];
        StepInto(layer, x, caches, y);
        return y;
    }
}
