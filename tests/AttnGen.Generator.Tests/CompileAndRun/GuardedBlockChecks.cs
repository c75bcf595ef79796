using AttnGen.Testing;

namespace AttnGen.Generator.Tests.CompileAndRun;

/// <summary>
/// The attention, feed-forward, BERT-embedding and positional-encoding halves of the guarded runs
/// (<see cref="GuardedRuns"/>): each kind's compile-and-run test adds a wrapper method to every declaration, and checks
/// the configurations chosen here once more with every buffer against a guard page.
/// </summary>
internal static class GuardedBlockChecks
{
    private delegate void AttentionRun(AttentionParameters p, ReadOnlySpan<float> x, ReadOnlySpan<float> memory,
        ReadOnlySpan<int> keyLengths, ReadOnlySpan<float> mask, Span<float> y, Span<float> attentionWeights);

    private delegate void FeedForwardRun(FeedForwardParameters p, ReadOnlySpan<float> x, Span<float> y);

    private delegate void EmbeddingsRun(BertEmbeddingsParameters p, ReadOnlySpan<int> inputIds, ReadOnlySpan<int> tokenTypeIds, Span<float> y);

    private delegate void AddToRun(Span<float> x, int sequenceLength);

    /// <summary>The first affordable shape of each of the 16 mask and self/cross combinations, the hand-picked edges first.</summary>
    private static readonly HashSet<int> AttentionIds = RandomConfigurations.All
        .Where(c => c.ReferenceCost <= 2_000_000)
        .GroupBy(c => (c.Mask, c.Cross))
        .Select(g => g.First().Id)
        .ToHashSet();

    public static string AttentionWrapper(AttentionConfiguration c)
    {
        string arguments = string.Join(", ", new[]
        {
            "x", c.Cross ? "memory" : null, c.KeyPadding ? "keyLengths" : null, c.Explicit ? "mask" : null, "y", "attentionWeights",
        }.OfType<string>());
        return GuardedRuns.Wrapper("AttentionParameters p, System.ReadOnlySpan<float> x, System.ReadOnlySpan<float> memory, "
            + "System.ReadOnlySpan<int> keyLengths, System.ReadOnlySpan<float> mask, System.Span<float> y, System.Span<float> attentionWeights",
            $"new {c.ClassName}({c.ClassName}.Weights.From(p)).Forward({arguments})");
    }

    public static void Attention(AttentionConfiguration c, GeneratedGroup generated)
    {
        if (!AttentionIds.Contains(c.Id))
        {
            return;
        }

        AttentionRun run = generated.Method<AttentionRun>(c.RunnerName, GuardedRuns.Method);
        TestInputs inputs = TestInputs.Create(c);
        AttentionParameters p = AttentionParameters.Random(c.DModel, c.Bias, c.Seed);
        ScalarResult expected = ScalarAttention.Forward(p, c.Heads, c.SeqLen, c.KvSeqLen,
            ScalarLayers.Widen(inputs.X), c.Cross ? ScalarLayers.Widen(inputs.Memory) : null, c.Mask, inputs.KeyLengths, inputs.Mask);
        GuardedRuns.OnEachEdge(memory =>
        {
            // With the optional weights and without: the two paths write different buffers.
            foreach (bool withWeights in new[] { true, false })
            {
                Span<float> y = memory.Allocate<float>(expected.Y.Length);
                Span<float> weights = memory.Allocate<float>(withWeights ? expected.Weights.Length : 0);
                run(p, memory.Copy<float>(inputs.X), memory.Copy<float>(inputs.Memory), memory.Copy<int>(inputs.KeyLengths),
                    memory.Copy<float>(inputs.Mask), y, weights);
                OutputChecks.AssertClose(expected.Y, y.ToArray(), "y", [c.Batch, c.SeqLen, c.DModel]);
                if (withWeights)
                {
                    OutputChecks.AssertClose(expected.Weights, weights.ToArray(), "attentionWeights", [c.Batch, c.Heads, c.SeqLen, c.KvSeqLen]);
                }
            }
        });
    }

    public static string FeedForwardWrapper(FeedForwardConfiguration c) =>
        GuardedRuns.Wrapper("FeedForwardParameters p, System.ReadOnlySpan<float> x, System.Span<float> y",
            $"new {c.ClassName}({c.ClassName}.Weights.From(p)).Forward(x, y)");

    /// <summary>Every row count of the configuration, so that whole chunks, tails and single rows all meet the guard.</summary>
    public static void FeedForward(FeedForwardConfiguration c, GeneratedGroup generated)
    {
        if (!GuardedRuns.Covers(c))
        {
            return;
        }

        FeedForwardRun run = generated.Method<FeedForwardRun>(c.RunnerName, GuardedRuns.Method);
        FeedForwardParameters p = FeedForwardParameters.Random(c.DModel, c.Hidden, c.Bias, c.Seed);
        float[] x = c.RandomTokens(c.Rows, c.DModel);
        double[] expected = ScalarLayers.FeedForward(ScalarLayers.Widen(x), p, c.Activation);
        GuardedRuns.OnEachEdge(memory =>
        {
            foreach (int rows in c.RowCounts)
            {
                int length = rows * c.DModel;
                Span<float> y = memory.Allocate<float>(length);
                run(p, memory.Copy<float>(x.AsSpan(0, length)), y);
                OutputChecks.AssertClose(expected[..length], y.ToArray(), $"y ({rows} rows)", [rows, c.DModel]);
            }
        });
    }

    public static string EmbeddingsWrapper(BertEmbeddingsConfiguration c) =>
        GuardedRuns.Wrapper("BertEmbeddingsParameters p, System.ReadOnlySpan<int> inputIds, System.ReadOnlySpan<int> tokenTypeIds, System.Span<float> y",
            $"new {c.ClassName}({c.ClassName}.Weights.From(p)).Forward(inputIds, tokenTypeIds, y)");

    public static void Embeddings(BertEmbeddingsConfiguration c, GeneratedGroup generated)
    {
        if (!GuardedRuns.Covers(c))
        {
            return;
        }

        EmbeddingsRun run = generated.Method<EmbeddingsRun>(c.RunnerName, GuardedRuns.Method);
        BertEmbeddingsParameters p = BertEmbeddingsParameters.Random(c.VocabSize, c.MaxPositions, c.TypeVocabSize, c.DModel, c.Seed);
        // The ids include the last row of every table, whose end is the guard page.
        (int[] inputIds, int[] tokenTypeIds) = c.RandomIds();
        double[] expected = ScalarEmbeddings.Bert(p, c.SeqLen, c.Eps, inputIds, tokenTypeIds);
        GuardedRuns.OnEachEdge(memory =>
        {
            Span<float> y = memory.Allocate<float>(expected.Length);
            run(p, memory.Copy<int>(inputIds), memory.Copy<int>(tokenTypeIds), y);
            OutputChecks.AssertClose(expected, y.ToArray(), "y", [c.Batch, c.SeqLen, c.DModel]);
        });
    }

    public static string PositionalEncodingWrapper(PositionalEncodingConfiguration c) =>
        GuardedRuns.Wrapper("System.Span<float> x, int sequenceLength", $"{c.ClassName}.AddTo(x, sequenceLength)");

    /// <summary>
    /// The batched <c>AddTo</c>, on one sequence and on a batch (both overloads add the table with the same loop); the
    /// table is baked into the generated code, so what the guard covers is <c>x</c>, added to in place.
    /// </summary>
    public static void PositionalEncoding(PositionalEncodingConfiguration c, GeneratedGroup generated)
    {
        if (!GuardedRuns.Covers(c))
        {
            return;
        }

        AddToRun addTo = generated.Method<AddToRun>(c.RunnerName, GuardedRuns.Method);
        double[] table = ScalarEmbeddings.SinusoidalTable(c.MaxLength, c.DModel);
        foreach ((int batch, int length) in new[] { (1, c.OneLength), (c.Batch, c.SequenceLength) })
        {
            float[] x = c.RandomTokens(batch * length, c.DModel);
            double[] expected = PositionalEncodingCompileAndRunTests.AddTable(x, length, table, c.DModel);
            GuardedRuns.OnEachEdge(memory =>
            {
                Span<float> guarded = memory.Copy<float>(x);
                addTo(guarded, length);
                OutputChecks.AssertClose(expected, guarded.ToArray(), "x", [batch, length, c.DModel]);
            });
        }
    }
}
