namespace AttnGen.Generator.Tests.CompileAndRun;

/// <summary>
/// The cached attention kernel's Vector512 and Vector256 forms give the same bits: the JIT on an AVX-512 machine and
/// a Native AOT build for x86-64-v3 (the package's default) decode alike. Both forms are called directly, whichever
/// the machine would pick (a Vector512 form runs in software where AVX-512 is missing, slowly but with the same bits).
/// </summary>
public sealed class AttendHeadFormTests
{
    private delegate void AttendHead(ref float query, ref float keys, ref float values, ref float scores, ref float context, nuint visible);

    /// <summary>Head sizes whose padded rows hold whole Vector512s: the only ones with a Vector512 form.</summary>
    private static readonly int[] HeadDims = [16, 32, 64, 80];

    /// <summary>Every remainder of the softmax's 16- and 8-wide loops, and more positions than one Vector512 covers twice.</summary>
    private const int MaxVisible = 40;

    [Fact]
    public void Vector512_and_Vector256_forms_give_the_same_bits()
    {
        using GeneratedGroup generated = GeneratedGroup.Compile("AttendHeadForms",
            HeadDims.Select(headDim => $$"""
                [CausalDecoderLayer(DModel = {{2 * headDim}}, Heads = 2, Hidden = 24, MaxSeqLen = {{MaxVisible}}, NormEps = 1e-5)]
                public partial class Head{{headDim}};
                """).ToArray(),
            HeadDims.Select(headDim => $"head dim {headDim}"));
        var random = new Random(20261203);
        foreach (int headDim in HeadDims)
        {
            AttendHead wide = generated.KernelMethod<AttendHead>($"Head{headDim}", "AttentionKernels", "AttendHead512");
            AttendHead narrow = generated.KernelMethod<AttendHead>($"Head{headDim}", "AttentionKernels", "AttendHead256");
            for (int visible = 1; visible <= MaxVisible; visible++)
            {
                float[] query = Draw(random, headDim), keys = Draw(random, visible * headDim), values = Draw(random, visible * headDim);
                (float[] wideScores, float[] wideContext) = Run(wide, query, keys, values, visible);
                (float[] narrowScores, float[] narrowContext) = Run(narrow, query, keys, values, visible);
                Assert.True(wideScores.SequenceEqual(narrowScores), $"head dim {headDim}, {visible} positions: softmax weights differ");
                Assert.True(wideContext.SequenceEqual(narrowContext), $"head dim {headDim}, {visible} positions: context differs");
            }
        }
    }

    private static (float[] Scores, float[] Context) Run(AttendHead attend, float[] query, float[] keys, float[] values, int visible)
    {
        var scores = new float[visible];
        var context = new float[query.Length];
        attend(ref query[0], ref keys[0], ref values[0], ref scores[0], ref context[0], (nuint)visible);
        return (scores, context);
    }

    /// <summary>Values of a scaled query and of cached rows: scores up to a few units, so the softmax is not one-hot.</summary>
    private static float[] Draw(Random random, int count) =>
        Enumerable.Range(0, count).Select(_ => random.NextSingle() - 0.5f).ToArray();
}
