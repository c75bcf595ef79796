using AttnGen.Testing;

namespace AttnGen.Generator.Tests.CompileAndRun;

/// <summary>
/// The encoder- and decoder-layer halves of the guarded runs (<see cref="GuardedRuns"/>), on the calling thread and on a
/// team of two, where each part has scratch of its own.
/// </summary>
internal static class GuardedLayerChecks
{
    private delegate void EncoderRun(EncoderLayerParameters p, WorkerTeam? team, ReadOnlySpan<float> x, ReadOnlySpan<int> keyLengths,
        ReadOnlySpan<float> mask, Span<float> y);

    private delegate void DecoderRun(DecoderLayerParameters p, WorkerTeam? team, ReadOnlySpan<float> x, ReadOnlySpan<float> memory, Span<float> y);

    public static string EncoderWrapper(EncoderLayerConfiguration c)
    {
        string arguments = string.Join(", ", new[] { "x", c.KeyPadding ? "keyLengths" : null, c.Explicit ? "mask" : null, "y" }.OfType<string>());
        return GuardedRuns.Wrapper("EncoderLayerParameters p, WorkerTeam? team, System.ReadOnlySpan<float> x, System.ReadOnlySpan<int> keyLengths, "
            + "System.ReadOnlySpan<float> mask, System.Span<float> y", $"new {c.ClassName}({c.ClassName}.Weights.From(p), team).Forward({arguments})");
    }

    /// <param name="team">The test class's team; its tests run one after another, so it is free.</param>
    public static void Encoder(EncoderLayerConfiguration c, GeneratedGroup generated, WorkerTeam team)
    {
        if (!GuardedRuns.Covers(c))
        {
            return;
        }

        EncoderRun run = generated.Method<EncoderRun>(c.RunnerName, GuardedRuns.Method);
        EncoderLayerParameters p = EncoderLayerParameters.Random(c.DModel, c.Hidden, c.Seed);
        TestInputs inputs = TestInputs.Create(c.SelfAttention);
        double[] expected = ScalarTransformerLayers.Encoder(p, c.Heads, c.SeqLen, c.Mask, c.Eps, c.Activation, c.NormFirst,
            ScalarLayers.Widen(inputs.X), inputs.KeyLengths, inputs.Mask);
        GuardedRuns.OnEachEdge(memory =>
        {
            foreach (WorkerTeam? on in new[] { null, team })
            {
                Span<float> y = memory.Allocate<float>(expected.Length);
                run(p, on, memory.Copy<float>(inputs.X), memory.Copy<int>(inputs.KeyLengths), memory.Copy<float>(inputs.Mask), y);
                OutputChecks.AssertClose(expected, y.ToArray(), $"y ({Threads(on)})", [c.Batch, c.SeqLen, c.DModel]);
            }
        });
    }

    public static string DecoderWrapper(DecoderLayerConfiguration c) =>
        GuardedRuns.Wrapper("DecoderLayerParameters p, WorkerTeam? team, System.ReadOnlySpan<float> x, System.ReadOnlySpan<float> memory, System.Span<float> y",
            $"new {c.ClassName}({c.ClassName}.Weights.From(p), team).Forward(x, memory, y)");

    /// <param name="team">The test class's team; its tests run one after another, so it is free.</param>
    public static void Decoder(DecoderLayerConfiguration c, GeneratedGroup generated, WorkerTeam team)
    {
        if (!GuardedRuns.Covers(c))
        {
            return;
        }

        DecoderRun run = generated.Method<DecoderRun>(c.RunnerName, GuardedRuns.Method);
        DecoderLayerParameters p = DecoderLayerParameters.Random(c.DModel, c.Hidden, c.Seed);
        TestInputs inputs = TestInputs.Create(c.CrossAttention);
        double[] expected = ScalarTransformerLayers.Decoder(p, c.Heads, c.SeqLen, c.MemorySeqLen, c.Eps, c.Activation, c.NormFirst,
            ScalarLayers.Widen(inputs.X), ScalarLayers.Widen(inputs.Memory));
        GuardedRuns.OnEachEdge(memory =>
        {
            foreach (WorkerTeam? on in new[] { null, team })
            {
                Span<float> y = memory.Allocate<float>(expected.Length);
                run(p, on, memory.Copy<float>(inputs.X), memory.Copy<float>(inputs.Memory), y);
                OutputChecks.AssertClose(expected, y.ToArray(), $"y ({Threads(on)})", [c.Batch, c.SeqLen, c.DModel]);
            }
        });
    }

    private static string Threads(WorkerTeam? team) => team is null ? "on the calling thread" : $"on a team of {team.Threads}";
}
