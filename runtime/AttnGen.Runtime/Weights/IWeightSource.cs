namespace AttnGen;

/// <summary>
/// Named float tensors, such as a checkpoint file. Generated <c>Weights.Load</c> methods read
/// parameters through this interface, so any storage can feed them.
/// </summary>
public interface IWeightSource
{
    /// <summary>Every tensor name the source holds.</summary>
    IEnumerable<string> Names { get; }

    /// <summary>Looks up a tensor's shape without reading its data.</summary>
    /// <returns><see langword="false"/> when the source has no tensor of that name.</returns>
    bool TryGetShape(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out int[]? shape);

    /// <summary>
    /// Reads the named tensor as float32, converting from its stored type, into <paramref name="destination"/>,
    /// which must hold exactly the tensor's element count.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No tensor has that name.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> has the wrong length.</exception>
    /// <exception cref="InvalidDataException">The stored type is not a floating-point type.</exception>
    void ReadFloat32(string name, Span<float> destination);
}
