namespace AttnGen;

/// <summary>
/// The parameters of one LayerNorm over the last <c>DModel</c> values: <c>y = (x − mean) / √(var + eps) · Weight + Bias</c>,
/// as PyTorch's <c>nn.LayerNorm</c>. The epsilon belongs to the declaration, not to the parameters.
/// </summary>
public sealed class LayerNormParameters
{
    private static readonly string[] ModernNames = ["weight", "bias"];
    private static readonly string[] LegacyNames = ["gamma", "beta"];

    /// <summary>Creates parameters from two <c>[DModel]</c> arrays, checking their sizes.</summary>
    /// <exception cref="ArgumentException">An array has the wrong length.</exception>
    public LayerNormParameters(int dModel, float[] weight, float[] bias)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dModel);
        DModel = dModel;
        Weight = ParameterChecks.RequireLength(weight, dModel, nameof(weight));
        Bias = ParameterChecks.RequireLength(bias, dModel, nameof(bias));
    }

    /// <summary>Width normalised over.</summary>
    public int DModel { get; }

    /// <summary>Scale (PyTorch's <c>weight</c>, TensorFlow BERT's <c>gamma</c>) <c>[DModel]</c>.</summary>
    public float[] Weight { get; }

    /// <summary>Shift (PyTorch's <c>bias</c>, TensorFlow BERT's <c>beta</c>) <c>[DModel]</c>.</summary>
    public float[] Bias { get; }

    /// <summary>
    /// Seeded random parameters for demos and tests: weight U(0.5, 1.5) and bias U(−0.1, 0.1). PyTorch initialises
    /// them to 1 and 0, which would make a kernel that skips the scale or the shift pass every test; these values
    /// exercise both while keeping the output at unit scale. The same seed gives the same parameters on every machine.
    /// </summary>
    public static LayerNormParameters Random(int dModel, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dModel);
        var random = new Random(seed);
        float[] weight = [.. SeededValues.Uniform(random, dModel, 0.5f).Select(offset => 1 + offset)];
        return new LayerNormParameters(dModel, weight, SeededValues.Uniform(random, dModel, 0.1f));
    }

    /// <summary>
    /// Loads a LayerNorm of width <paramref name="dModel"/> stored as <c>{prefix}weight</c> and <c>{prefix}bias</c>,
    /// or under the legacy names <c>{prefix}gamma</c> and <c>{prefix}beta</c> of BERT checkpoints converted from
    /// TensorFlow. The prefix ends with the dot: <c>"norm1."</c>, <c>"attention.output.LayerNorm."</c>.
    /// </summary>
    /// <remarks>
    /// <c>allowUnused</c> accepts tensors under the prefix that the layout does not read (for a block that is part of
    /// a layer, under the modules it owns), which are otherwise errors listed by name; <c>allowNonFinite</c> accepts
    /// weights holding NaN or ±∞, otherwise an error naming the tensor and its first bad index.
    /// </remarks>
    /// <exception cref="InvalidDataException">
    /// Neither naming is present, or a tensor is missing, mis-shaped, non-finite or unused; the message lists every
    /// one, with expected and actual shapes.
    /// </exception>
    public static LayerNormParameters Load(IWeightSource source, string prefix, int dModel,
        bool allowUnused = false, bool allowNonFinite = false)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dModel);
        var reader = new WeightReader(source, prefix, allowUnused, allowNonFinite);
        if (!ModernNames.Concat(LegacyNames).Any(reader.Has))
        {
            throw UnknownLayout.Error(source, prefix, "LayerNorm",
                ("PyTorch and HuggingFace", ModernNames), ("BERT converted from TensorFlow", LegacyNames));
        }

        Func<LayerNormParameters> build = Read(reader, dModel);
        reader.ThrowIfProblems("LayerNorm");
        return build();
    }

    /// <summary>
    /// Reads the scale and shift under the reader's prefix, recording every problem; call the result only once the
    /// reader has none. Each tensor takes its legacy name only when that alone is present, so a tensor stored under
    /// neither name is reported under its modern one.
    /// </summary>
    internal static Func<LayerNormParameters> Read(WeightReader reader, int dModel)
    {
        reader.Own("");
        float[] weight = reader.Require(reader.Has("weight") || !reader.Has("gamma") ? "weight" : "gamma", dModel);
        float[] bias = reader.Require(reader.Has("bias") || !reader.Has("beta") ? "bias" : "beta", dModel);
        return () => new LayerNormParameters(dModel, weight, bias);
    }
}
