namespace AttnGen;

/// <summary>
/// The parameters of one norm over the last <c>DModel</c> values of a <see cref="CausalDecoderLayerParameters"/>
/// layer: a LayerNorm, <c>(x − mean) / √(var + eps) · Weight + Bias</c> (GPT-2's <c>ln_1</c>), or an RMSNorm,
/// <c>x · rsqrt(mean(x²) + eps) · Weight</c> with no bias (Llama's <c>input_layernorm</c>). The epsilon belongs to the
/// declaration, not to the parameters.
/// </summary>
/// <remarks>
/// One type for both kinds, rather than <see cref="LayerNormParameters"/> beside another, so that a layer holds its two
/// norms as one type whichever it declares; <see cref="Kind"/> says which, and <see cref="Bias"/> is null exactly for an
/// RMSNorm.
/// </remarks>
public sealed class NormParameters
{
    /// <summary>Creates a norm of <paramref name="kind"/> from <c>[DModel]</c> arrays, checking their sizes.</summary>
    /// <param name="kind">Which norm.</param>
    /// <param name="dModel">Width normalised over.</param>
    /// <param name="weight">The scale <c>[DModel]</c>.</param>
    /// <param name="bias">The shift <c>[DModel]</c> of a LayerNorm; null for an RMSNorm, which has none.</param>
    /// <exception cref="ArgumentException">An array has the wrong length, or the bias is given or missing against the kind.</exception>
    public NormParameters(NormKind kind, int dModel, float[] weight, float[]? bias)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dModel);
        if (!Enum.IsDefined(kind))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a NormKind.");
        }

        if ((bias is not null) != (kind == NormKind.LayerNorm))
        {
            throw new ArgumentException(
                kind == NormKind.LayerNorm ? "A LayerNorm needs a bias." : "An RMSNorm has no bias; pass null.", nameof(bias));
        }

        Kind = kind;
        DModel = dModel;
        Weight = ParameterChecks.RequireLength(weight, dModel, nameof(weight));
        Bias = bias is null ? null : ParameterChecks.RequireLength(bias, dModel, nameof(bias));
    }

    /// <summary>Which norm these are.</summary>
    public NormKind Kind { get; }

    /// <summary>Width normalised over.</summary>
    public int DModel { get; }

    /// <summary>Scale <c>[DModel]</c> (PyTorch's and HuggingFace's <c>weight</c>).</summary>
    public float[] Weight { get; }

    /// <summary>Shift <c>[DModel]</c> of a LayerNorm; null for an RMSNorm.</summary>
    public float[]? Bias { get; }

    /// <summary>
    /// Seeded random parameters for demos and tests, as <see cref="LayerNormParameters.Random"/> makes them: weight
    /// U(0.5, 1.5) and, for a LayerNorm, bias U(−0.1, 0.1), so that a kernel that skips the scale or the shift fails.
    /// The same seed gives the same parameters on every machine.
    /// </summary>
    public static NormParameters Random(NormKind kind, int dModel, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dModel);
        var random = new Random(seed);
        float[] weight = [.. SeededValues.Uniform(random, dModel, 0.5f).Select(offset => 1 + offset)];
        return new NormParameters(kind, dModel, weight, kind == NormKind.LayerNorm ? SeededValues.Uniform(random, dModel, 0.1f) : null);
    }
}
