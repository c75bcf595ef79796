namespace AttnGen;

/// <summary>
/// The parameters of one decoder-only layer (<see cref="CausalDecoderLayerAttribute"/>): two norms, the attention's
/// query, key, value and output projections, and a feed-forward block, an MLP or SwiGLU. Every matrix is in PyTorch's
/// <c>[out_features, in_features]</c> row-major layout, applied as <c>x·Wᵀ + b</c>, whatever the checkpoint stored
/// (GPT-2's Conv1D keeps <c>[in, out]</c>; <see cref="CausalDecoderLayerWeightNames"/> transposes it).
/// </summary>
/// <remarks>
/// The shapes, with <c>HeadDim = DModel / Heads</c>: <see cref="QWeight"/> <c>[Heads·HeadDim, DModel]</c>,
/// <see cref="KWeight"/> and <see cref="VWeight"/> <c>[KvHeads·HeadDim, DModel]</c>, <see cref="OWeight"/>
/// <c>[DModel, Heads·HeadDim]</c>, <see cref="GateWeight"/> and <see cref="UpWeight"/> <c>[Hidden, DModel]</c>,
/// <see cref="DownWeight"/> <c>[DModel, Hidden]</c>. Biases come in the declaration's two groups: with
/// <c>Bias</c> every linear layer has one; with <c>QkvBias</c> (Qwen2) only the query, key and value projections.
/// </remarks>
public sealed class CausalDecoderLayerParameters
{
    /// <summary>Creates a layer from PyTorch-layout arrays, checking every size and that the biases form a declarable set.</summary>
    /// <param name="dModel">Model width, a multiple of <paramref name="heads"/>.</param>
    /// <param name="heads">Number of query heads.</param>
    /// <param name="kvHeads">Number of key/value heads, a divisor of <paramref name="heads"/>.</param>
    /// <param name="hidden">Width of the feed-forward hidden layer.</param>
    /// <param name="norm1">The norm before the attention; both norms are of one kind.</param>
    /// <param name="norm2">The norm before the feed-forward block.</param>
    /// <param name="qWeight">Query projection.</param>
    /// <param name="kWeight">Key projection.</param>
    /// <param name="vWeight">Value projection.</param>
    /// <param name="oWeight">Output projection.</param>
    /// <param name="qBias">Query bias, or null.</param>
    /// <param name="kBias">Key bias, or null.</param>
    /// <param name="vBias">Value bias, or null.</param>
    /// <param name="oBias">Output projection's bias, or null.</param>
    /// <param name="gateWeight">SwiGLU's gate projection; null for an MLP.</param>
    /// <param name="gateBias">The gate's bias, or null.</param>
    /// <param name="upWeight">The first feed-forward projection (GPT-2's <c>c_fc</c>, Llama's <c>up_proj</c>).</param>
    /// <param name="upBias">Its bias, or null.</param>
    /// <param name="downWeight">The second feed-forward projection (GPT-2's <c>mlp.c_proj</c>, Llama's <c>down_proj</c>).</param>
    /// <param name="downBias">Its bias, or null.</param>
    /// <exception cref="ArgumentException">
    /// An array has the wrong length (the message gives both), the norms differ in width or kind, the heads do not
    /// divide as required, or the biases are not all, none, or exactly the query/key/value ones.
    /// </exception>
    public CausalDecoderLayerParameters(int dModel, int heads, int kvHeads, int hidden, NormParameters norm1, NormParameters norm2,
        float[] qWeight, float[] kWeight, float[] vWeight, float[] oWeight,
        float[]? qBias, float[]? kBias, float[]? vBias, float[]? oBias,
        float[]? gateWeight, float[]? gateBias, float[] upWeight, float[]? upBias, float[] downWeight, float[]? downBias)
    {
        CheckShape(dModel, heads, kvHeads, hidden);
        ArgumentNullException.ThrowIfNull(norm1);
        ArgumentNullException.ThrowIfNull(norm2);
        ParameterChecks.RequireWidth(norm1.DModel, dModel, nameof(norm1));
        ParameterChecks.RequireWidth(norm2.DModel, dModel, nameof(norm2));
        if (norm2.Kind != norm1.Kind)
        {
            throw new ArgumentException($"norm2 is {norm2.Kind} but norm1 is {norm1.Kind}; a layer declares one kind.", nameof(norm2));
        }

        (DModel, Heads, KvHeads, Hidden, Norm1, Norm2) = (dModel, heads, kvHeads, hidden, norm1, norm2);
        int kvWidth = KvHeads * HeadDim;
        QWeight = ParameterChecks.RequireLength(qWeight, dModel * dModel, nameof(qWeight));
        KWeight = ParameterChecks.RequireLength(kWeight, kvWidth * dModel, nameof(kWeight));
        VWeight = ParameterChecks.RequireLength(vWeight, kvWidth * dModel, nameof(vWeight));
        OWeight = ParameterChecks.RequireLength(oWeight, dModel * dModel, nameof(oWeight));
        GateWeight = gateWeight is null ? null : ParameterChecks.RequireLength(gateWeight, hidden * dModel, nameof(gateWeight));
        UpWeight = ParameterChecks.RequireLength(upWeight, hidden * dModel, nameof(upWeight));
        DownWeight = ParameterChecks.RequireLength(downWeight, dModel * hidden, nameof(downWeight));

        HasQkvBias = qBias is not null;
        RequireAllOrNone("the query, key and value biases", (qBias, nameof(qBias)), (kBias, nameof(kBias)), (vBias, nameof(vBias)));
        HasBias = oBias is not null;
        (float[]?, string)[] otherBiases = [(oBias, nameof(oBias)), (upBias, nameof(upBias)), (downBias, nameof(downBias))];
        RequireAllOrNone("the output and feed-forward biases (with Bias, every linear layer has one)",
            gateWeight is null ? otherBiases : [.. otherBiases, (gateBias, nameof(gateBias))]);
        if (gateWeight is null && gateBias is not null)
        {
            throw new ArgumentException("gateBias is given without a gateWeight.", nameof(gateBias));
        }

        if (HasBias && !HasQkvBias)
        {
            throw new ArgumentException("The output and feed-forward layers have biases but the query, key and value " +
                "projections do not; with Bias every linear layer has one.", nameof(qBias));
        }

        QBias = qBias is null ? null : ParameterChecks.RequireLength(qBias, dModel, nameof(qBias));
        KBias = kBias is null ? null : ParameterChecks.RequireLength(kBias, kvWidth, nameof(kBias));
        VBias = vBias is null ? null : ParameterChecks.RequireLength(vBias, kvWidth, nameof(vBias));
        OBias = oBias is null ? null : ParameterChecks.RequireLength(oBias, dModel, nameof(oBias));
        GateBias = gateBias is null ? null : ParameterChecks.RequireLength(gateBias, hidden, nameof(gateBias));
        UpBias = upBias is null ? null : ParameterChecks.RequireLength(upBias, hidden, nameof(upBias));
        DownBias = downBias is null ? null : ParameterChecks.RequireLength(downBias, dModel, nameof(downBias));
    }

    /// <summary>Model width.</summary>
    public int DModel { get; }

    /// <summary>Number of query heads.</summary>
    public int Heads { get; }

    /// <summary>Number of key/value heads; each serves <c>Heads / KvHeads</c> query heads.</summary>
    public int KvHeads { get; }

    /// <summary>Width of one head, <c>DModel / Heads</c>.</summary>
    public int HeadDim => DModel / Heads;

    /// <summary>Width of the feed-forward hidden layer.</summary>
    public int Hidden { get; }

    /// <summary>The norms' kind, shared by both.</summary>
    public NormKind Norm => Norm1.Kind;

    /// <summary>The feed-forward block's form: SwiGLU exactly when there is a <see cref="GateWeight"/>.</summary>
    public FfnKind Ffn => GateWeight is null ? FfnKind.Mlp : FfnKind.SwiGlu;

    /// <summary>Whether every linear layer has a bias (the declaration's <c>Bias</c>).</summary>
    public bool HasBias { get; }

    /// <summary>Whether the query, key and value projections have biases: with <see cref="HasBias"/>, or alone (Qwen2's <c>QkvBias</c>).</summary>
    public bool HasQkvBias { get; }

    /// <summary>The norm before the attention (GPT-2's <c>ln_1</c>, Llama's <c>input_layernorm</c>).</summary>
    public NormParameters Norm1 { get; }

    /// <summary>The norm before the feed-forward block (GPT-2's <c>ln_2</c>, Llama's <c>post_attention_layernorm</c>).</summary>
    public NormParameters Norm2 { get; }

    /// <summary>Query projection <c>[Heads·HeadDim, DModel]</c>.</summary>
    public float[] QWeight { get; }

    /// <summary>Key projection <c>[KvHeads·HeadDim, DModel]</c>.</summary>
    public float[] KWeight { get; }

    /// <summary>Value projection <c>[KvHeads·HeadDim, DModel]</c>.</summary>
    public float[] VWeight { get; }

    /// <summary>Output projection <c>[DModel, Heads·HeadDim]</c>.</summary>
    public float[] OWeight { get; }

    /// <summary>Query bias <c>[Heads·HeadDim]</c>, or null.</summary>
    public float[]? QBias { get; }

    /// <summary>Key bias <c>[KvHeads·HeadDim]</c>, or null.</summary>
    public float[]? KBias { get; }

    /// <summary>Value bias <c>[KvHeads·HeadDim]</c>, or null.</summary>
    public float[]? VBias { get; }

    /// <summary>Output projection's bias <c>[DModel]</c>, or null.</summary>
    public float[]? OBias { get; }

    /// <summary>SwiGLU's gate projection <c>[Hidden, DModel]</c> (Llama's <c>gate_proj</c>); null for an MLP.</summary>
    public float[]? GateWeight { get; }

    /// <summary>The gate's bias <c>[Hidden]</c>, or null.</summary>
    public float[]? GateBias { get; }

    /// <summary>First feed-forward projection <c>[Hidden, DModel]</c> (GPT-2's <c>c_fc</c>, Llama's <c>up_proj</c>).</summary>
    public float[] UpWeight { get; }

    /// <summary>Its bias <c>[Hidden]</c>, or null.</summary>
    public float[]? UpBias { get; }

    /// <summary>Second feed-forward projection <c>[DModel, Hidden]</c> (GPT-2's <c>mlp.c_proj</c>, Llama's <c>down_proj</c>).</summary>
    public float[] DownWeight { get; }

    /// <summary>Its bias <c>[DModel]</c>, or null.</summary>
    public float[]? DownBias { get; }

    /// <summary>
    /// Seeded random parameters for demos and tests. Linear layers are initialised as PyTorch's <c>nn.Linear</c>:
    /// weights and biases U(−1/√fan_in, 1/√fan_in), which keeps activations at unit scale through the layer; norms as
    /// <see cref="NormParameters.Random"/>. With <paramref name="bias"/> every linear layer has a bias; with
    /// <paramref name="qkvBias"/> alone, only the query, key and value projections. The same seed gives the same layer
    /// on every machine.
    /// </summary>
    /// <exception cref="ArgumentException">The sizes do not divide as the constructor requires.</exception>
    public static CausalDecoderLayerParameters Random(int dModel, int heads, int kvHeads, int hidden,
        NormKind norm, FfnKind ffn, bool bias, bool qkvBias, int seed)
    {
        CheckShape(dModel, heads, kvHeads, hidden);
        var random = new Random(seed);
        int kvWidth = kvHeads * (dModel / heads);
        // Drawn in a fixed order, weight then bias per layer, so that the same seed always gives the same values.
        (float[] W, float[]? B) Linear(int outputs, int inputs, bool withBias)
        {
            float limit = 1 / MathF.Sqrt(inputs);
            return (SeededValues.Uniform(random, outputs * inputs, limit), withBias ? SeededValues.Uniform(random, outputs, limit) : null);
        }

        var q = Linear(dModel, dModel, bias || qkvBias);
        var k = Linear(kvWidth, dModel, bias || qkvBias);
        var v = Linear(kvWidth, dModel, bias || qkvBias);
        var o = Linear(dModel, dModel, bias);
        (float[]? W, float[]? B) gate = ffn == FfnKind.SwiGlu ? Linear(hidden, dModel, bias) : (null, null);
        var up = Linear(hidden, dModel, bias);
        var down = Linear(dModel, hidden, bias);
        NormParameters norm1 = NormParameters.Random(norm, dModel, random.Next());
        NormParameters norm2 = NormParameters.Random(norm, dModel, random.Next());
        return new CausalDecoderLayerParameters(dModel, heads, kvHeads, hidden, norm1, norm2, q.W, k.W, v.W, o.W, q.B, k.B, v.B, o.B,
            gate.W, gate.B, up.W, up.B, down.W, down.B);
    }

    /// <summary>Checks that the sizes are positive, that <paramref name="heads"/> divides the width and <paramref name="kvHeads"/> the heads.</summary>
    /// <exception cref="ArgumentException">They do not.</exception>
    internal static void CheckShape(int dModel, int heads, int kvHeads, int hidden)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dModel);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(heads);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(kvHeads);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hidden);
        if (dModel % heads != 0)
        {
            throw new ArgumentException($"dModel {dModel} is not a multiple of heads {heads}.", nameof(dModel));
        }

        if (heads % kvHeads != 0)
        {
            throw new ArgumentException($"kvHeads {kvHeads} does not divide heads {heads}.", nameof(kvHeads));
        }
    }

    private static void RequireAllOrNone(string group, params (float[]? Value, string Name)[] members)
    {
        bool first = members[0].Value is not null;
        foreach ((float[]? value, string name) in members)
        {
            if ((value is not null) != first)
            {
                throw new ArgumentException(
                    $"Give all or none of {group}: {members[0].Name} is {(first ? "given" : "null")} but {name} is {(first ? "null" : "given")}.", name);
            }
        }
    }
}
