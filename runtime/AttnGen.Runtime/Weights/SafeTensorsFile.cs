using System.Diagnostics.CodeAnalysis;
using System.IO.MemoryMappedFiles;

namespace AttnGen;

/// <summary>A tensor's description from a safetensors header.</summary>
/// <param name="Name">The tensor's name.</param>
/// <param name="DType">The stored element type, as the file names it: <c>F32</c>, <c>BF16</c>, <c>I64</c>, ….</param>
/// <param name="Shape">The dimensions, outermost first; empty for a scalar.</param>
/// <param name="ElementCount">The product of <paramref name="Shape"/>.</param>
public sealed record TensorInfo(string Name, string DType, int[] Shape, long ElementCount);

/// <summary>
/// A safetensors file (8-byte little-endian header length, JSON header, raw little-endian data), validated
/// strictly when opened. <see cref="Open"/> memory-maps the file, so only the tensors read are paged in.
/// </summary>
/// <remarks>
/// Reads may run concurrently. Accepted dtypes: F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL.
/// Every malformed input is reported as an <see cref="InvalidDataException"/> naming the problem and the tensor.
/// </remarks>
public sealed class SafeTensorsFile : IWeightSource, IDisposable
{
    // Elements converted per step, so that no single span exceeds int.MaxValue bytes (8 × 2^24 = 128 MiB).
    private const int ChunkElements = 1 << 24;

    private readonly SafeTensorsHeader _header;
    private byte[]? _bytes;
    private MemoryMappedFile? _mappedFile;
    private MemoryMappedViewAccessor? _view;

    private SafeTensorsFile(SafeTensorsHeader header, byte[]? bytes, MemoryMappedFile? mappedFile, MemoryMappedViewAccessor? view)
    {
        _header = header;
        _bytes = bytes;
        _mappedFile = mappedFile;
        _view = view;
    }

    private delegate int Converter<T>(SafeTensorsDType dtype, ReadOnlySpan<byte> source, Span<T> destination);

    /// <summary>Memory-maps and validates the safetensors file at <paramref name="path"/>, read-only.</summary>
    /// <exception cref="InvalidDataException">The file is not a valid safetensors file.</exception>
    public static unsafe SafeTensorsFile Open(string path)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        MemoryMappedFile? mapped = null;
        MemoryMappedViewAccessor? view = null;
        try
        {
            long length = stream.Length;
            if (length < 8)
            {
                // Mapping an empty file fails, so report the short file before mapping.
                SafeTensorsHeader.Parse([], length);
            }

            mapped = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
            view = mapped.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
            byte* pointer = AcquirePointer(view);
            try
            {
                int prefixLength = (int)Math.Min(length, 8 + SafeTensorsHeader.MaxHeaderLength);
                var header = SafeTensorsHeader.Parse(new ReadOnlySpan<byte>(pointer, prefixLength), length);
                return new SafeTensorsFile(header, null, mapped, view);
            }
            finally
            {
                view.SafeMemoryMappedViewHandle.ReleasePointer();
            }
        }
        catch
        {
            view?.Dispose();
            mapped?.Dispose();
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Validates <paramref name="bytes"/>, a whole safetensors file held in memory, and reads from it without copying.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a valid safetensors file.</exception>
    public static SafeTensorsFile FromBytes(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        return new SafeTensorsFile(SafeTensorsHeader.Parse(bytes, bytes.Length), bytes, null, null);
    }

    /// <summary>The header's <c>__metadata__</c> strings; empty when the file has none.</summary>
    public IReadOnlyDictionary<string, string> Metadata => Checked()._header.Metadata;

    /// <summary>Every tensor name, in header order.</summary>
    public IEnumerable<string> Names => Checked()._header.Names;

    /// <summary>Whether the file holds a tensor named <paramref name="name"/>.</summary>
    public bool Contains(string name) => Checked()._header.ByName.ContainsKey(name);

    /// <summary>Describes the tensor named <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No tensor has that name.</exception>
    public TensorInfo GetInfo(string name)
    {
        SafeTensorsEntry e = Find(name);
        return new TensorInfo(e.Name, SafeTensorsDTypes.Name(e.DType), (int[])e.Shape.Clone(), e.ElementCount);
    }

    /// <inheritdoc />
    public bool TryGetShape(string name, [NotNullWhen(true)] out int[]? shape)
    {
        shape = Checked()._header.ByName.TryGetValue(name, out SafeTensorsEntry? e) ? (int[])e.Shape.Clone() : null;
        return shape is not null;
    }

    /// <inheritdoc />
    /// <remarks>F32 is copied; F64, F16 and BF16 are converted (F64 rounds to nearest).</remarks>
    public void ReadFloat32(string name, Span<float> destination)
    {
        SafeTensorsEntry e = Find(name);
        if (e.DType is not (SafeTensorsDType.F64 or SafeTensorsDType.F32 or SafeTensorsDType.F16 or SafeTensorsDType.BF16))
        {
            throw new InvalidDataException($"tensor '{name}' is {e.DType}, not a floating-point type.");
        }

        Read(e, destination, SafeTensorsDTypes.ToFloat32, null);
    }

    /// <summary>Reads the named tensor as a new float32 array (see <see cref="ReadFloat32(string, Span{float})"/>).</summary>
    /// <exception cref="KeyNotFoundException">No tensor has that name.</exception>
    /// <exception cref="InvalidDataException">The stored type is not a floating-point type.</exception>
    public float[] ReadFloat32(string name)
    {
        var values = new float[ArrayLength(Find(name))];
        ReadFloat32(name, values);
        return values;
    }

    /// <summary>Reads an integer tensor (I32, I64, I16, I8 or U8) as int32.</summary>
    /// <exception cref="KeyNotFoundException">No tensor has that name.</exception>
    /// <exception cref="InvalidDataException">The stored type is not an integer type, or an I64 value is outside the int32 range.</exception>
    public int[] ReadInt32(string name)
    {
        SafeTensorsEntry e = Find(name);
        if (e.DType is not (SafeTensorsDType.I64 or SafeTensorsDType.I32 or SafeTensorsDType.I16 or SafeTensorsDType.I8 or SafeTensorsDType.U8))
        {
            throw new InvalidDataException($"tensor '{name}' is {e.DType}, not an integer type.");
        }

        var values = new int[ArrayLength(e)];
        Read(e, values.AsSpan(), SafeTensorsDTypes.ToInt32, "is outside the int32 range");
        return values;
    }

    /// <summary>Reads a BOOL tensor, whose bytes must each be 0 or 1.</summary>
    /// <exception cref="KeyNotFoundException">No tensor has that name.</exception>
    /// <exception cref="InvalidDataException">The stored type is not BOOL, or a byte is neither 0 nor 1.</exception>
    public bool[] ReadBool(string name)
    {
        SafeTensorsEntry e = Find(name);
        if (e.DType != SafeTensorsDType.BOOL)
        {
            throw new InvalidDataException($"tensor '{name}' is {e.DType}, not BOOL.");
        }

        var values = new bool[ArrayLength(e)];
        Read(e, values.AsSpan(), static (_, source, destination) => SafeTensorsDTypes.ToBool(source, destination), "is neither 0 nor 1");
        return values;
    }

    /// <summary>Releases the memory mapping (or the in-memory bytes); any later use throws <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        _view?.Dispose();
        _mappedFile?.Dispose();
        _view = null;
        _mappedFile = null;
        _bytes = null;
    }

    private SafeTensorsFile Checked()
    {
        ObjectDisposedException.ThrowIf(_bytes is null && _view is null, this);
        return this;
    }

    private SafeTensorsEntry Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Checked()._header.ByName.TryGetValue(name, out SafeTensorsEntry? e)
            ? e
            : throw new KeyNotFoundException($"The safetensors file has no tensor '{name}'.");
    }

    private static int ArrayLength(SafeTensorsEntry e) => e.ElementCount <= Array.MaxLength
        ? (int)e.ElementCount
        : throw new NotSupportedException($"tensor '{e.Name}' has {e.ElementCount} elements, more than an array can hold.");

    /// <summary>Converts <paramref name="e"/>'s data chunk by chunk; <paramref name="invalid"/> words the error for a rejected element.</summary>
    private unsafe void Read<T>(SafeTensorsEntry e, Span<T> destination, Converter<T> convert, string? invalid)
    {
        if (destination.Length != e.ElementCount)
        {
            throw new ArgumentException(
                $"The destination for tensor '{e.Name}' holds {destination.Length} elements; the tensor has {e.ElementCount}.",
                nameof(destination));
        }

        int size = SafeTensorsDTypes.Size(e.DType);
        byte[]? bytes = _bytes;
        MemoryMappedViewAccessor? view = _view;
        fixed (byte* pinned = bytes)
        {
            byte* data = (bytes is null ? AcquirePointer(view) : pinned) + _header.DataStart + e.Begin;
            try
            {
                for (int start = 0; start < destination.Length; start += ChunkElements)
                {
                    int count = Math.Min(ChunkElements, destination.Length - start);
                    var source = new ReadOnlySpan<byte>(data + ((long)start * size), count * size);
                    int bad = convert(e.DType, source, destination.Slice(start, count));
                    if (bad >= 0)
                    {
                        throw new InvalidDataException($"tensor '{e.Name}': element {start + bad} {invalid}.");
                    }
                }
            }
            finally
            {
                if (bytes is null)
                {
                    view!.SafeMemoryMappedViewHandle.ReleasePointer();
                }
            }
        }
    }

    /// <summary>Pins the mapped view (the handle's reference count keeps it mapped until released) and returns its start.</summary>
    private static unsafe byte* AcquirePointer(MemoryMappedViewAccessor? view)
    {
        ObjectDisposedException.ThrowIf(view is null, typeof(SafeTensorsFile));
        byte* pointer = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        return pointer + view.PointerOffset;
    }
}
