using System.Diagnostics.CodeAnalysis;

namespace AttnGen;

/// <summary>
/// Named float32 tensors held in memory: weights built in code, or test fixtures, fed to anything that reads an
/// <see cref="IWeightSource"/>.
/// </summary>
/// <remarks>Not thread-safe while tensors are being added; concurrent reads are safe.</remarks>
public sealed class WeightDictionary : IWeightSource
{
    private readonly Dictionary<string, (int[] Shape, float[] Data)> _tensors = new(StringComparer.Ordinal);
    private readonly List<string> _names = [];

    /// <summary>Every tensor name, in the order added.</summary>
    public IEnumerable<string> Names => _names.AsReadOnly();

    /// <summary>How many tensors the dictionary holds.</summary>
    public int Count => _names.Count;

    /// <summary>
    /// Adds a tensor. The shape is copied; <paramref name="data"/> is kept without copying, so later changes to it
    /// are seen by readers.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// A dimension is negative, <paramref name="data"/> does not hold exactly the shape's element count, or the name is taken.
    /// </exception>
    public void Add(string name, int[] shape, float[] data)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(data);
        long count = SafeTensorsWriter.CheckedElementCount(name, shape);
        if (count != data.Length)
        {
            throw new ArgumentException(
                $"tensor '{name}': shape {ShapeText.Format(shape)} holds {count} elements, but the data holds {data.Length}.",
                nameof(data));
        }

        if (!_tensors.TryAdd(name, ((int[])shape.Clone(), data)))
        {
            throw new ArgumentException($"duplicate tensor '{name}'.", nameof(name));
        }

        _names.Add(name);
    }

    /// <inheritdoc />
    public bool TryGetShape(string name, [NotNullWhen(true)] out int[]? shape)
    {
        shape = _tensors.TryGetValue(name, out var tensor) ? (int[])tensor.Shape.Clone() : null;
        return shape is not null;
    }

    /// <inheritdoc />
    public void ReadFloat32(string name, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!_tensors.TryGetValue(name, out var tensor))
        {
            throw new KeyNotFoundException($"The weight dictionary has no tensor '{name}'.");
        }

        if (destination.Length != tensor.Data.Length)
        {
            throw new ArgumentException(
                $"The destination for tensor '{name}' holds {destination.Length} elements; the tensor has {tensor.Data.Length}.",
                nameof(destination));
        }

        tensor.Data.CopyTo(destination);
    }
}
