using System.Text;

namespace AttnGen;

/// <summary>
/// Reads the tensors one block needs from an <see cref="IWeightSource"/>, collecting every missing or
/// mis-shaped tensor instead of stopping at the first, so that one error message lists all of them.
/// </summary>
/// <remarks>
/// A layer reads each sub-block through a <see cref="Scoped"/> view that shares this reader's problems, so one
/// <see cref="ThrowIfProblems"/> covers the whole layer. Sub-block readers return a factory to call only after that
/// check: a missing tensor reads as an empty array, which the parameter constructors would reject less helpfully.
/// </remarks>
internal sealed class WeightReader
{
    private readonly IWeightSource _source;
    private readonly List<string> _problems;

    public WeightReader(IWeightSource source, string prefix)
        : this(source, prefix, [])
    {
    }

    private WeightReader(IWeightSource source, string prefix, List<string> problems)
    {
        _source = source;
        Prefix = prefix;
        _problems = problems;
    }

    public string Prefix { get; }

    /// <summary>A view of the names under <c>Prefix + subPrefix</c> that records into this reader's problems.</summary>
    public WeightReader Scoped(string subPrefix) => new(_source, Prefix + subPrefix, _problems);

    public bool Has(string name) => _source.TryGetShape(Prefix + name, out _);

    /// <summary>Reads a tensor of exactly <paramref name="shape"/>; records a problem and returns an empty array otherwise.</summary>
    public float[] Require(string name, params int[] shape)
    {
        string fullName = Prefix + name;
        if (!_source.TryGetShape(fullName, out int[]? actual))
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
        _source.ReadFloat32(fullName, values);
        return values;
    }

    /// <summary>
    /// Reads a bias of <paramref name="length"/> when the block is <paramref name="declared"/> with biases; otherwise
    /// returns null, recording a problem if one is stored anyway (it would be silently ignored).
    /// </summary>
    public float[]? Bias(string name, bool declared, int length)
    {
        if (declared)
        {
            return Require(name, length);
        }

        Forbid(name, "the block is declared with Bias = false");
        return null;
    }

    /// <summary>Records a problem for a tensor that must not be there (an unsupported or undeclared feature).</summary>
    public void Forbid(string name, string reason)
    {
        if (Has(name))
        {
            _problems.Add($"unexpected '{Prefix + name}': {reason}");
        }
    }

    /// <summary>Throws one <see cref="InvalidDataException"/> listing every problem recorded through any view.</summary>
    public void ThrowIfProblems(string block)
    {
        if (_problems.Count == 0)
        {
            return;
        }

        var message = new StringBuilder($"Cannot load {block} weights");
        message.Append(Prefix.Length > 0 ? $" with prefix '{Prefix}'" : "").Append(':');
        foreach (string problem in _problems)
        {
            message.AppendLine().Append("  - ").Append(problem);
        }

        throw new InvalidDataException(message.ToString());
    }
}
