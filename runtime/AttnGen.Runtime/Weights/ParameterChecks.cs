namespace AttnGen;

/// <summary>The argument checks every parameter class makes, so that every size error reads the same.</summary>
internal static class ParameterChecks
{
    /// <summary>Returns <paramref name="values"/> when it holds exactly <paramref name="expected"/> elements.</summary>
    /// <exception cref="ArgumentException">It holds another number, named <paramref name="name"/>.</exception>
    public static float[] RequireLength(float[] values, int expected, string name)
    {
        ArgumentNullException.ThrowIfNull(values, name);
        if (values.Length != expected)
        {
            throw new ArgumentException($"{name} has {values.Length} elements; expected {expected}.", name);
        }

        return values;
    }

    /// <summary>Checks that a part of a block has the block's width, <paramref name="expected"/>.</summary>
    /// <exception cref="ArgumentException">The widths differ; the exception names the part.</exception>
    public static void RequireWidth(int actual, int expected, string name)
    {
        if (actual != expected)
        {
            throw new ArgumentException($"{name} has DModel {actual}; expected {expected}.", name);
        }
    }

    /// <summary>
    /// Checks that a layer's projection carries biases: the layers model PyTorch's and BERT's, whose projections all
    /// do, so their declarations have no <c>Bias</c> option.
    /// </summary>
    /// <exception cref="ArgumentException">The part has no biases; the exception names it.</exception>
    public static void RequireBias(bool hasBias, string name)
    {
        if (!hasBias)
        {
            throw new ArgumentException($"{name} has no biases; a transformer layer's projections all carry them.", name);
        }
    }
}
