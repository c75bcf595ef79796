using System.Diagnostics.CodeAnalysis;

namespace AttnGen.Testing;

/// <summary>
/// The weights of a golden case file alone: its inputs (<c>input.*</c>) and expected outputs (<c>expected.*</c>)
/// hidden, so that a block loads it strictly, with every remaining tensor accounted for, as it would a checkpoint.
/// </summary>
internal sealed class CaseWeights(IWeightSource file) : IWeightSource
{
    public IEnumerable<string> Names => file.Names.Where(IsWeight);

    public static CaseWeights Of(IWeightSource file) => new(file);

    public bool TryGetShape(string name, [NotNullWhen(true)] out int[]? shape)
    {
        shape = null;
        return IsWeight(name) && file.TryGetShape(name, out shape);
    }

    public void ReadFloat32(string name, Span<float> destination) =>
        file.ReadFloat32(IsWeight(name) ? name : throw new KeyNotFoundException($"'{name}' is not a weight of the case."), destination);

    private static bool IsWeight(string name) =>
        !name.StartsWith("input.", StringComparison.Ordinal) && !name.StartsWith("expected.", StringComparison.Ordinal);
}
