using BenchmarkDotNet.Attributes;

namespace AttnGen.Benchmarks.Suites;

/// <summary>
/// B's two largest matrix products on their own — 128 rows through 768 → 3072 → 768, two thirds of B's product
/// FLOPs — as a ReLU feed-forward block, whose activation costs next to nothing, so its GFLOP/s are the products'.
/// It measures the GEMM kernels against the FMA peak without the softmax, norms and GELU of a layer around them.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory(Category)]
public class ProductsBenchmarks
{
    public const string Category = "B products";

    public const string Description = "B's feed-forward products, 128 × 768 → 3072 → 768, ReLU";

    private const int Rows = 128;

    public const double FlopsPerCall = 4.0 * Rows * BFeedForwardProducts.DModel * BFeedForwardProducts.Hidden;

    private readonly float[] _x = new float[Rows * BFeedForwardProducts.DModel];
    private readonly float[] _y = new float[Rows * BFeedForwardProducts.DModel];
    private readonly BFeedForwardProducts _block = new(BFeedForwardProducts.Weights.Random(seed: 1));

    public ProductsBenchmarks()
    {
        var random = new Random(2);
        for (int i = 0; i < _x.Length; i++)
        {
            _x[i] = random.NextSingle() * 2 - 1;
        }
    }

    [Benchmark(Description = SystemNames.AttnGen1Thread)]
    public void AttnGen1Thread() => _block.Forward(_x, _y);
}

/// <summary>The feed-forward block of BERT-base with ReLU in place of GELU: B's products and almost nothing else.</summary>
[FeedForward(DModel = 768, Hidden = 3072, Activation = Activation.Relu)]
public partial class BFeedForwardProducts;
