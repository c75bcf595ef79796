using System.Reflection;

namespace AttnGen.Golden.Tests;

/// <summary>
/// An instance holds the scratch of one call: a second call made while one runs, from another thread, throws an
/// <see cref="InvalidOperationException"/> that says what to do, and never returns a wrong result.
/// </summary>
public sealed class ConcurrentUseTests
{
    [Fact]
    public void Two_threads_on_one_instance_get_right_results_or_the_error_never_wrong_ones()
    {
        // The case from the issue: without the guard most results of an encoder layer shared by two threads were wrong.
        var layer = new BertLayer(BertLayer.Weights.Random(7));
        const int batch = 2;
        float[] x = RandomInputs.Of(batch * BertLayer.SeqLen * BertLayer.DModel);
        int[] keyLengths = [BertLayer.SeqLen, 9];
        var expected = new float[x.Length];
        new BertLayer(BertLayer.Weights.Random(7)).Forward(x, keyLengths, expected);

        int wrong = 0, refused = 0;
        using var start = new Barrier(2);
        Parallel.For(0, 2, new ParallelOptions { MaxDegreeOfParallelism = 2 }, _ =>
        {
            var y = new float[x.Length];
            start.SignalAndWait();
            for (int call = 0; call < 300; call++)
            {
                try
                {
                    layer.Forward(x, keyLengths, y);
                    if (!y.AsSpan().SequenceEqual(expected))
                    {
                        Interlocked.Increment(ref wrong);
                    }
                }
                catch (InvalidOperationException e) when (e.Message.Contains("one instance per thread"))
                {
                    Interlocked.Increment(ref refused);
                }
            }
        });

        Assert.Equal(0, wrong);
        // The losing call returned without running: the instance is free again and still exact.
        var after = new float[x.Length];
        layer.Forward(x, keyLengths, after);
        Assert.Equal(expected, after);
    }

    [Fact]
    public void Every_kind_with_scratch_refuses_a_call_while_one_runs()
    {
        int[] lengths = [3];
        AssertRefusedWhileBusy(new MhaSelf(MhaSelf.Weights.Random(1)), b => b.Forward(new float[MhaSelf.SeqLen * MhaSelf.DModel], new float[MhaSelf.SeqLen * MhaSelf.DModel]));
        AssertRefusedWhileBusy(new MhaSelf(MhaSelf.Weights.Random(1)), b => b.ForwardPacked(new float[3 * MhaSelf.DModel], lengths, new float[3 * MhaSelf.DModel]));
        AssertRefusedWhileBusy(new FfnGelu(FfnGelu.Weights.Random(6)), b => b.Forward(new float[FfnGelu.DModel], new float[FfnGelu.DModel]));
        AssertRefusedWhileBusy(new FfnGelu(FfnGelu.Weights.Random(6)), b => b.ForwardPacked(new float[3 * FfnGelu.DModel], lengths, new float[3 * FfnGelu.DModel]));
        AssertRefusedWhileBusy(new EncoderPreRelu(EncoderPreRelu.Weights.Random(8)),
            b => b.Forward(new float[EncoderPreRelu.SeqLen * EncoderPreRelu.DModel], new float[EncoderPreRelu.SeqLen * EncoderPreRelu.DModel]));
        AssertRefusedWhileBusy(new EncoderPreRelu(EncoderPreRelu.Weights.Random(8)),
            b => b.ForwardPacked(new float[3 * EncoderPreRelu.DModel], lengths, new float[3 * EncoderPreRelu.DModel]));
        AssertRefusedWhileBusy(new DecoderPostRelu(DecoderPostRelu.Weights.Random(9)),
            b => b.Forward(new float[DecoderPostRelu.SeqLen * DecoderPostRelu.DModel], new float[DecoderPostRelu.MemorySeqLen * DecoderPostRelu.DModel],
                new float[DecoderPostRelu.SeqLen * DecoderPostRelu.DModel]));
        AssertRefusedWhileBusy(new GoldenLlamaGqa(GoldenLlamaGqa.Weights.Random(10)),
            b => b.Forward(new float[GoldenLlamaGqa.DModel], new GoldenLlamaGqa.Cache(), new float[GoldenLlamaGqa.DModel]));
        AssertRefusedWhileBusy(new GoldenLlamaGqa(GoldenLlamaGqa.Weights.Random(10)),
            b => b.Step(new float[GoldenLlamaGqa.DModel], [new GoldenLlamaGqa.Cache()], new float[GoldenLlamaGqa.DModel]));
        const int D = DecoderPostRelu.DModel;
        AssertRefusedWhileBusy(new DecoderPostRelu(DecoderPostRelu.Weights.Random(9)),
            b => b.Begin(new float[DecoderPostRelu.MemorySeqLen * D], new DecoderPostRelu.Cache()));
        var decoder = new DecoderPostRelu(DecoderPostRelu.Weights.Random(9));
        DecoderPostRelu.Cache[] begun = [new(), new()];
        foreach (DecoderPostRelu.Cache cache in begun)
        {
            decoder.Begin(new float[DecoderPostRelu.MemorySeqLen * D], cache);
        }

        AssertRefusedWhileBusy(decoder, b => b.Forward(new float[D], begun[0], new float[D]));
        AssertRefusedWhileBusy(decoder, b => b.Step(new float[D], [begun[1]], new float[D]));
    }

    [Fact]
    public void A_call_that_throws_leaves_the_instance_free()
    {
        var block = new FfnGelu(FfnGelu.Weights.Random(6));
        Assert.Throws<ArgumentException>(() => block.Forward(new float[FfnGelu.DModel], new float[1]));
        block.Forward(new float[FfnGelu.DModel], new float[FfnGelu.DModel]);
        Assert.Equal(0, Busy(block).GetValue(block));
    }

    /// <summary>
    /// Sets the instance's busy flag as a call in progress on another thread would, deterministically, and checks that a
    /// call is refused with the fix in the message and the flag left to its owner.
    /// </summary>
    private static void AssertRefusedWhileBusy<T>(T block, Action<T> call)
        where T : notnull
    {
        FieldInfo busy = Busy(block);
        busy.SetValue(block, 1);
        var e = Assert.Throws<InvalidOperationException>(() => call(block));
        Assert.Contains($"This {typeof(T).Name} instance is already running a call", e.Message);
        Assert.Contains($"create one instance per thread; they can all share one {typeof(T).Name}.Weights", e.Message);
        Assert.Equal(1, busy.GetValue(block));
        busy.SetValue(block, 0);
        call(block);
        Assert.Equal(0, busy.GetValue(block));
    }

    private static FieldInfo Busy(object block) =>
        block.GetType().GetField("_busy", BindingFlags.NonPublic | BindingFlags.Instance)
        ?? throw new InvalidOperationException($"{block.GetType().Name} has no _busy field.");
}
