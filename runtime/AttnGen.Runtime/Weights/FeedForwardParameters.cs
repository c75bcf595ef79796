namespace AttnGen;

/// <summary>
/// The parameters of one position-wise feed-forward block, <c>y = act(x·W₁ᵀ + b₁)·W₂ᵀ + b₂</c>, in PyTorch's layout:
/// each weight is an <c>[out_features, in_features]</c> row-major matrix. Generated <c>Weights</c> types repack these
/// into the layout their kernels stream.
/// </summary>
public sealed class FeedForwardParameters
{
    /// <summary>Creates parameters from PyTorch-layout arrays, checking every size.</summary>
    /// <exception cref="ArgumentException">An array has the wrong length, or only one bias is given.</exception>
    public FeedForwardParameters(int dModel, int hidden,
        float[] inputWeight, float[]? inputBias, float[] outputWeight, float[]? outputBias)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dModel);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hidden);
        DModel = dModel;
        Hidden = hidden;
        InputWeight = ParameterChecks.RequireLength(inputWeight, hidden * dModel, nameof(inputWeight));
        OutputWeight = ParameterChecks.RequireLength(outputWeight, dModel * hidden, nameof(outputWeight));
        HasBias = inputBias is not null;
        if ((outputBias is not null) != HasBias)
        {
            throw new ArgumentException("Give both biases or neither.", HasBias ? nameof(outputBias) : nameof(inputBias));
        }

        InputBias = inputBias is null ? null : ParameterChecks.RequireLength(inputBias, hidden, nameof(inputBias));
        OutputBias = outputBias is null ? null : ParameterChecks.RequireLength(outputBias, dModel, nameof(outputBias));
    }

    /// <summary>Model width: the block's input and output size.</summary>
    public int DModel { get; }

    /// <summary>Width of the hidden layer between the two projections.</summary>
    public int Hidden { get; }

    /// <summary>Whether both biases are present.</summary>
    public bool HasBias { get; }

    /// <summary>First projection (PyTorch's <c>linear1.weight</c>) <c>[Hidden, DModel]</c>.</summary>
    public float[] InputWeight { get; }

    /// <summary>First projection's bias <c>[Hidden]</c>, or null without biases.</summary>
    public float[]? InputBias { get; }

    /// <summary>Second projection (PyTorch's <c>linear2.weight</c>) <c>[DModel, Hidden]</c>.</summary>
    public float[] OutputWeight { get; }

    /// <summary>Second projection's bias <c>[DModel]</c>, or null without biases.</summary>
    public float[]? OutputBias { get; }

    /// <summary>
    /// Seeded random parameters for demos and tests, initialised as PyTorch's <c>nn.Linear</c> is: weights and biases
    /// both U(−1/√fan_in, 1/√fan_in), with fan_in = <c>DModel</c> for the first projection and <c>Hidden</c> for the
    /// second, which keeps activations at unit scale through the block. The same seed gives the same parameters on
    /// every machine.
    /// </summary>
    public static FeedForwardParameters Random(int dModel, int hidden, bool bias, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dModel);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hidden);
        var random = new Random(seed);
        float inputLimit = 1 / MathF.Sqrt(dModel), outputLimit = 1 / MathF.Sqrt(hidden);
        float[] inputWeight = SeededValues.Uniform(random, hidden * dModel, inputLimit);
        float[]? inputBias = bias ? SeededValues.Uniform(random, hidden, inputLimit) : null;
        float[] outputWeight = SeededValues.Uniform(random, dModel * hidden, outputLimit);
        float[]? outputBias = bias ? SeededValues.Uniform(random, dModel, outputLimit) : null;
        return new FeedForwardParameters(dModel, hidden, inputWeight, inputBias, outputWeight, outputBias);
    }
}
