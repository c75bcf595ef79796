namespace AttnGen.Benchmarks.Workloads;

/// <summary>
/// One peer workload (<c>tests/data/peers/README.md</c>): its shape, its files, and the work one call does.
/// Batch 1, float32; the shape must match the AttnGen declaration in PeerBlocks.cs.
/// </summary>
internal sealed record Workload(string Id, string Description, int DModel, int Heads, int SeqLen, int Hidden,
    float LayerNormEps, bool Causal)
{
    /// <summary>Multi-head self-attention, causal; no feed-forward, so Hidden is 0.</summary>
    public static Workload T { get; } = new("T", "attention d=64 L=16 causal", 64, 4, 16, 0, 0f, Causal: true);

    /// <summary>PyTorch post-norm encoder layer, GELU.</summary>
    public static Workload S { get; } = new("S", "encoder d=256 L=64", 256, 8, 64, 1024, 1e-5f, Causal: false);

    /// <summary>HuggingFace BERT-base layer, no mask.</summary>
    public static Workload B { get; } = new("B", "BERT-base layer d=768 L=128", 768, 12, 128, 3072, 1e-12f, Causal: false);

    public static IReadOnlyList<Workload> All { get; } = [T, S, B];

    public static Workload ById(string id) =>
        All.SingleOrDefault(w => w.Id == id) ?? throw new ArgumentException($"No workload '{id}'.", nameof(id));

    /// <summary>A lone attention block rather than an encoder layer.</summary>
    public bool IsAttentionOnly => Hidden == 0;

    public int HeadDim => DModel / Heads;

    public int Length => SeqLen * DModel;

    /// <summary>
    /// FLOPs per call as the peers' README counts them (a multiply-add is 2; softmax, norms, bias and activation
    /// not counted; causal masking not discounted): 8·L·d² + 4·L²·d + 4·L·d·hidden.
    /// </summary>
    public double Flops => 8.0 * SeqLen * DModel * DModel + 4.0 * SeqLen * SeqLen * DModel + 4.0 * SeqLen * DModel * Hidden;

    public string SafeTensorsPath => PeerDirectory.File(Id + ".safetensors");

    /// <summary>The ONNX model; <c>T_fused</c> is T built from ONNX Runtime's fused contrib operators.</summary>
    public string OnnxPath(bool fused = false) => PeerDirectory.File(Id + (fused ? "_fused" : "") + ".onnx");
}
