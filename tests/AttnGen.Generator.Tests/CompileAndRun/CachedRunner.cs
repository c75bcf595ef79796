using System.Text;
using AttnGen.Testing;

namespace AttnGen.Generator.Tests.CompileAndRun;

/// <summary>
/// A generated layer that decodes with a cache, through a wrapper generated beside it (<see cref="Wrapper"/>) that
/// hands the layer arrays and its caches as objects; and the checks every such layer passes.
/// </summary>
/// <typeparam name="TParameters">The runtime parameters the layer's weights are made from.</typeparam>
internal sealed class CachedRunner<TParameters>(GeneratedGroup generated, string name)
{
    public Func<TParameters, object> Layer { get; } = generated.Method<Func<TParameters, object>>(name, "Layer");

    public Func<object, int> Length { get; } = generated.Method<Func<object, int>>(name, "Length");

    /// <summary>The layer's <c>Forward(x, cache, y)</c> and <c>Step(x, caches, y)</c>, and a new cache.</summary>
    public CachedCalls Calls { get; } = new(generated.Method<Func<object>>(name, "NewCache"),
        generated.Method<Action<object, float[], object, float[]>>(name, "Forward"),
        generated.Method<Action<object, float[], object[], float[]>>(name, "Step"));

    /// <summary>A decoder layer's <c>Begin(memory, cache)</c>; looked up on first use, since other layers have none.</summary>
    public Action<object, float[], object> Begin => field ??= generated.Method<Action<object, float[], object>>(name, "Begin");

    /// <summary>
    /// The wrapper's methods for the layer class <paramref name="layer"/>: <c>Layer</c>, <c>NewCache</c>,
    /// <c>Length</c>, <c>Forward</c>, <c>Step</c>, and <c>Begin</c> where the layer has one; the caller closes the class.
    /// </summary>
    public static StringBuilder Wrapper(string layer, string runner, bool withMemory)
    {
        var text = new StringBuilder()
            .AppendLine($"public static class {runner}")
            .AppendLine("{")
            .AppendLine($"    public static object Layer({typeof(TParameters).Name} p) => new {layer}({layer}.Weights.From(p));")
            .AppendLine($"    public static object NewCache() => new {layer}.Cache();")
            .AppendLine($"    public static int Length(object cache) => (({layer}.Cache)cache).Length;")
            .AppendLine($"    public static void Forward(object layer, float[] x, object cache, float[] y) => (({layer})layer).Forward(x, ({layer}.Cache)cache, y);")
            .AppendLine($"    public static void Step(object layer, float[] x, object[] caches, float[] y) =>")
            .AppendLine($"        (({layer})layer).Step(x, System.Array.ConvertAll(caches, cache => ({layer}.Cache)cache), y);");
        return withMemory
            ? text.AppendLine($"    public static void Begin(object layer, float[] memory, object cache) => (({layer})layer).Begin(memory, ({layer}.Cache)cache);")
            : text;
    }

    /// <summary>
    /// A sequence of <paramref name="d"/>-wide rows decoded on a ready <paramref name="cache"/>: <paramref name="prefill"/>
    /// positions in one call, then one position at a time, alternately by <c>Forward</c> and by <c>Step</c>.
    /// </summary>
    public float[] Decode(object layer, float[] x, object cache, int prefill, int d)
    {
        var decoded = new float[x.Length];
        Calls.Forward(layer, x[..(prefill * d)], cache).CopyTo(decoded, 0);
        for (int position = prefill; position < x.Length / d; position++)
        {
            float[] row = x[(position * d)..((position + 1) * d)];
            float[] result = position % 2 == 0 ? Calls.Forward(layer, row, cache) : Calls.Step(layer, row, [cache]);
            result.CopyTo(decoded, position * d);
        }

        return decoded;
    }

    /// <summary>
    /// Sequences on ready caches, prefilled to different lengths, then stepped together while they have positions left:
    /// each row must equal that sequence decoded alone (<c>Alone</c>), bit for bit.
    /// </summary>
    public void CheckSteppedTogether(object layer, int d, (float[] X, float[] Alone, int Prefill, object Cache)[] sequences)
    {
        float[][] results = sequences.Select(s => new float[s.X.Length]).ToArray();
        for (int i = 0; i < sequences.Length; i++)
        {
            Calls.Forward(layer, sequences[i].X[..(sequences[i].Prefill * d)], sequences[i].Cache).CopyTo(results[i], 0);
        }

        while (true)
        {
            int[] active = Enumerable.Range(0, sequences.Length).Where(i => Length(sequences[i].Cache) < sequences[i].X.Length / d).ToArray();
            if (active.Length == 0)
            {
                break;
            }

            int[] positions = active.Select(i => Length(sequences[i].Cache)).ToArray();
            float[] rows = active.SelectMany((i, k) => sequences[i].X.AsSpan(positions[k] * d, d).ToArray()).ToArray();
            float[] stepped = Calls.Step(layer, rows, active.Select(i => sequences[i].Cache).ToArray());
            for (int k = 0; k < active.Length; k++)
            {
                stepped.AsSpan(k * d, d).CopyTo(results[active[k]].AsSpan(positions[k] * d));
            }
        }

        for (int i = 0; i < sequences.Length; i++)
        {
            OutputChecks.RequireBitIdentical(sequences[i].Alone, results[i], $"y (sequence {i})", [sequences[i].X.Length / d, d],
                ("alone in one pass", "stepped beside another sequence"));
        }
    }
}
