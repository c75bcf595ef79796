using System.Text;

namespace AttnGen;

/// <summary>
/// Reads the tensors one block needs from an <see cref="IWeightSource"/>, collecting every missing, mis-shaped,
/// non-finite or unused tensor instead of stopping at the first, so that one error message lists all of them.
/// </summary>
/// <remarks>
/// A layer reads each sub-block through a <see cref="Scoped"/> view that shares this reader's findings, so one
/// <see cref="ThrowIfProblems"/> covers the whole layer. Sub-block readers return a factory to call only after that
/// check: a missing tensor reads as an empty array, which the parameter constructors would reject less helpfully.
/// </remarks>
internal sealed class WeightReader
{
    private const int UnusedNamesShown = 20;

    private readonly IWeightSource _source;
    private readonly Findings _findings;

    /// <param name="source">The checkpoint.</param>
    /// <param name="prefix">The block's prefix in it.</param>
    /// <param name="allowUnused">Accept tensors under a prefix the layout owns that it does not read.</param>
    /// <param name="allowNonFinite">Accept weights holding NaN or ±∞.</param>
    public WeightReader(IWeightSource source, string prefix, bool allowUnused = false, bool allowNonFinite = false)
        : this(source, prefix, new Findings(allowUnused, allowNonFinite))
    {
    }

    private WeightReader(IWeightSource source, string prefix, Findings findings)
    {
        _source = source;
        Prefix = prefix;
        _findings = findings;
    }

    public string Prefix { get; }

    /// <summary>A view of the names under <c>Prefix + subPrefix</c> that records into this reader's findings.</summary>
    public WeightReader Scoped(string subPrefix) => new(_source, Prefix + subPrefix, _findings);

    public bool Has(string name) => _source.TryGetShape(Prefix + name, out _);

    /// <summary>
    /// Declares that every tensor whose name starts with <c>Prefix + subPrefix</c> belongs to this layout, so one it
    /// does not read is reported as unused. A prefix ends with its dot, so <c>layer.1.</c> does not own <c>layer.10.*</c>.
    /// </summary>
    public void Own(string subPrefix) => _findings.Owned.Add(Prefix + subPrefix);

    /// <summary>Accepts a tensor the layout knows but does not read, such as an index buffer saved beside the weights.</summary>
    public void Skip(string name) => _findings.Seen.Add(Prefix + name);

    /// <summary>
    /// Reads a tensor of exactly <paramref name="shape"/>, checking that every value is finite; records a problem and
    /// returns an empty array when it is missing or mis-shaped.
    /// </summary>
    public float[] Require(string name, params int[] shape)
    {
        string fullName = Prefix + name;
        if (!_source.TryGetShape(fullName, out int[]? actual))
        {
            _findings.Problems.Add($"missing '{fullName}' (expected {ShapeText.Format(shape)})");
            return [];
        }

        _findings.Seen.Add(fullName);
        if (!actual.AsSpan().SequenceEqual(shape))
        {
            _findings.Problems.Add($"'{fullName}' has shape {ShapeText.Format(actual)}, expected {ShapeText.Format(shape)}");
            return [];
        }

        var values = new float[shape.Aggregate(1, (a, b) => a * b)];
        _source.ReadFloat32(fullName, values);
        if (!_findings.AllowNonFinite)
        {
            RequireFinite(fullName, values, shape);
        }

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
            _findings.Seen.Add(Prefix + name);
            _findings.Problems.Add($"unexpected '{Prefix + name}': {reason}");
        }
    }

    /// <summary>
    /// Throws one <see cref="InvalidDataException"/> listing every problem recorded through any view, and every tensor
    /// under an owned prefix that no view read (unless unused tensors are allowed).
    /// </summary>
    public void ThrowIfProblems(string block)
    {
        string[] unused = _findings.AllowUnused ? [] : [.. _source.Names.Where(_findings.IsUnused)];
        if (_findings.Problems.Count == 0 && unused.Length == 0)
        {
            return;
        }

        var message = new StringBuilder($"Cannot load {block} weights");
        message.Append(Prefix.Length > 0 ? $" with prefix '{Prefix}'" : "").Append(':');
        foreach (string problem in _findings.Problems.Concat(unused.Take(UnusedNamesShown).Select(name => $"unused '{name}'")))
        {
            message.AppendLine().Append("  - ").Append(problem);
        }

        if (unused.Length > UnusedNamesShown)
        {
            message.AppendLine().Append($"  - and {unused.Length - UnusedNamesShown} more unused");
        }

        if (unused.Length > 0)
        {
            message.AppendLine().Append(
                $"An unused tensor belongs to something the {block} layout does not compute, and ignoring it silently is how " +
                "a port drifts from its checkpoint; pass allowUnused: true to Load to ignore such tensors.");
        }

        if (_findings.NonFiniteFound)
        {
            message.AppendLine().Append("Pass allowNonFinite: true to Load to accept NaN and infinite weights.");
        }

        throw new InvalidDataException(message.ToString());
    }

    private void RequireFinite(string fullName, float[] values, int[] shape)
    {
        int index = Array.FindIndex(values, value => !float.IsFinite(value));
        if (index < 0)
        {
            return;
        }

        // The flat index as one index per dimension, row-major, as the tensor is written in PyTorch.
        var position = new int[shape.Length];
        for (int dimension = shape.Length - 1, rest = index; dimension >= 0; dimension--)
        {
            position[dimension] = rest % shape[dimension];
            rest /= shape[dimension];
        }

        _findings.NonFiniteFound = true;
        string value = float.IsNaN(values[index]) ? "NaN" : values[index] > 0 ? "+Infinity" : "-Infinity";
        _findings.Problems.Add($"'{fullName}' holds {value} at {ShapeText.Format(position)}, its first non-finite value");
    }

    /// <summary>What every view of one load records, and the caller's choices of what to accept.</summary>
    private sealed class Findings(bool allowUnused, bool allowNonFinite)
    {
        public bool AllowUnused { get; } = allowUnused;

        public bool AllowNonFinite { get; } = allowNonFinite;

        public List<string> Problems { get; } = [];

        /// <summary>Full names that were read, forbidden or skipped: every one is accounted for.</summary>
        public HashSet<string> Seen { get; } = new(StringComparer.Ordinal);

        /// <summary>Full-name prefixes whose every tensor the layout must account for.</summary>
        public List<string> Owned { get; } = [];

        public bool NonFiniteFound { get; set; }

        public bool IsUnused(string name) =>
            !Seen.Contains(name) && Owned.Exists(prefix => name.StartsWith(prefix, StringComparison.Ordinal));
    }
}
