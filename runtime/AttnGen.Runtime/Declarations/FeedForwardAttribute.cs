namespace AttnGen;

/// <summary>
/// Declares a position-wise feed-forward block, <c>y = act(x·W1ᵀ + b1)·W2ᵀ + b2</c>, applied to every row of
/// <c>x</c> independently. The generator emits constants, a nested <c>Weights</c> type, a constructor and
/// <c>Forward(x, y)</c> over any number of rows.
/// </summary>
/// <remarks><c>DModel</c> and <c>Hidden</c> are required.</remarks>
[System.AttributeUsage(System.AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
[System.Diagnostics.Conditional("ATTNGEN_KEEP_ATTRIBUTES")]
public sealed class FeedForwardAttribute : BlockAttribute
{
    /// <summary>Model width: the length of one row of <c>x</c> and <c>y</c>.</summary>
    public int DModel { get; set; }

    /// <summary>Width of the hidden layer (PyTorch's <c>dim_feedforward</c>, BERT's <c>intermediate_size</c>).</summary>
    public int Hidden { get; set; }

    /// <summary>The activation after the first linear layer; <see cref="AttnGen.Activation.Gelu"/> (exact) by default.</summary>
    public Activation Activation { get; set; }

    /// <summary>Whether both linear layers carry biases (the default, as in PyTorch).</summary>
    public bool Bias { get; set; } = true;
}
