using System.Text;

namespace AttnGen;

/// <summary>
/// Reads the tensors one block needs from an <see cref="IWeightSource"/>, collecting every missing or
/// mis-shaped tensor instead of stopping at the first, so that one error message lists all of them.
/// </summary>
internal sealed class WeightReader(IWeightSource source, string prefix)
{
    private readonly List<string> _problems = [];

    public string Prefix => prefix;

    public bool Has(string name) => source.TryGetShape(prefix + name, out _);

    /// <summary>Reads a tensor of exactly <paramref name="shape"/>; records a problem and returns an empty array otherwise.</summary>
    public float[] Require(string name, params int[] shape)
    {
        string fullName = prefix + name;
        if (!source.TryGetShape(fullName, out int[]? actual))
        {
            _problems.Add($"missing '{fullName}' (expected {ShapeText.Format(shape)})");
            return [];
        }

        if (!actual.AsSpan().SequenceEqual(shape))
        {
            _problems.Add($"'{fullName}' has shape {ShapeText.Format(actual)}, expected {ShapeText.Format(shape)}");
            return [];
        }

        var values = new float[shape.Aggregate(1, (a, b) => a * b)];
        source.ReadFloat32(fullName, values);
        return values;
    }

    /// <summary>Records a problem for a tensor that must not be there (an unsupported or undeclared feature).</summary>
    public void Forbid(string name, string reason)
    {
        if (Has(name))
        {
            _problems.Add($"unexpected '{prefix + name}': {reason}");
        }
    }

    /// <summary>Throws one <see cref="InvalidDataException"/> listing every recorded problem.</summary>
    public void ThrowIfProblems(string block)
    {
        if (_problems.Count == 0)
        {
            return;
        }

        var message = new StringBuilder($"Cannot load {block} weights");
        message.Append(prefix.Length > 0 ? $" with prefix '{prefix}'" : "").Append(':');
        foreach (string problem in _problems)
        {
            message.AppendLine().Append("  - ").Append(problem);
        }

        throw new InvalidDataException(message.ToString());
    }
}
