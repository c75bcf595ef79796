namespace AttnGen;

/// <summary>
/// The parameters of one multi-head attention block in PyTorch's layout: each projection is a
/// <c>[out_features, in_features]</c> = <c>[DModel, DModel]</c> row-major matrix applied as <c>x·Wᵀ + b</c>.
/// Generated <c>Weights</c> types repack these into the layout their kernels stream.
/// </summary>
public sealed class AttentionParameters
{
    /// <summary>Creates parameters from PyTorch-layout arrays, checking every size.</summary>
    /// <exception cref="ArgumentException">An array has the wrong length, or only some biases are given.</exception>
    public AttentionParameters(int dModel,
        float[] queryWeight, float[] keyWeight, float[] valueWeight, float[] outputWeight,
        float[]? queryBias = null, float[]? keyBias = null, float[]? valueBias = null, float[]? outputBias = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dModel);
        DModel = dModel;
        QueryWeight = ParameterChecks.RequireLength(queryWeight, dModel * dModel, nameof(queryWeight));
        KeyWeight = ParameterChecks.RequireLength(keyWeight, dModel * dModel, nameof(keyWeight));
        ValueWeight = ParameterChecks.RequireLength(valueWeight, dModel * dModel, nameof(valueWeight));
        OutputWeight = ParameterChecks.RequireLength(outputWeight, dModel * dModel, nameof(outputWeight));
        float[]?[] biases = [queryBias, keyBias, valueBias, outputBias];
        HasBias = queryBias is not null;
        if (biases.Any(b => (b is not null) != HasBias))
        {
            throw new ArgumentException("Give all four biases or none.", nameof(queryBias));
        }

        QueryBias = queryBias is null ? null : ParameterChecks.RequireLength(queryBias, dModel, nameof(queryBias));
        KeyBias = keyBias is null ? null : ParameterChecks.RequireLength(keyBias, dModel, nameof(keyBias));
        ValueBias = valueBias is null ? null : ParameterChecks.RequireLength(valueBias, dModel, nameof(valueBias));
        OutputBias = outputBias is null ? null : ParameterChecks.RequireLength(outputBias, dModel, nameof(outputBias));
    }

    /// <summary>Model width; every matrix is <c>[DModel, DModel]</c>.</summary>
    public int DModel { get; }

    /// <summary>Whether the four biases are present.</summary>
    public bool HasBias { get; }

    /// <summary>Query projection <c>[DModel, DModel]</c>.</summary>
    public float[] QueryWeight { get; }

    /// <summary>Key projection <c>[DModel, DModel]</c>.</summary>
    public float[] KeyWeight { get; }

    /// <summary>Value projection <c>[DModel, DModel]</c>.</summary>
    public float[] ValueWeight { get; }

    /// <summary>Output projection <c>[DModel, DModel]</c>.</summary>
    public float[] OutputWeight { get; }

    /// <summary>Query bias <c>[DModel]</c>, or null without biases.</summary>
    public float[]? QueryBias { get; }

    /// <summary>Key bias <c>[DModel]</c>, or null without biases.</summary>
    public float[]? KeyBias { get; }

    /// <summary>Value bias <c>[DModel]</c>, or null without biases.</summary>
    public float[]? ValueBias { get; }

    /// <summary>Output bias <c>[DModel]</c>, or null without biases.</summary>
    public float[]? OutputBias { get; }

    /// <summary>
    /// Seeded random parameters for demos and tests. Matrices follow PyTorch's initialisation of
    /// <c>nn.MultiheadAttention.in_proj_weight</c>: Xavier/Glorot uniform, U(−a, a) with
    /// a = √(6 / (fan_in + fan_out)) = √(3 / DModel), which keeps activations at unit scale through the block.
    /// Biases are U(−0.1, 0.1) rather than PyTorch's zeros, so that every bias path is exercised.
    /// The same seed gives the same parameters on every machine.
    /// </summary>
    public static AttentionParameters Random(int dModel, bool bias, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dModel);
        var random = new Random(seed);
        float limit = MathF.Sqrt(3f / dModel);
        float[] Matrix() => SeededValues.Uniform(random, dModel * dModel, limit);
        float[]? Bias() => bias ? SeededValues.Uniform(random, dModel, 0.1f) : null;
        return new AttentionParameters(dModel, Matrix(), Matrix(), Matrix(), Matrix(), Bias(), Bias(), Bias(), Bias());
    }
}
