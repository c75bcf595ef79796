using System.Text;

namespace AttnGen.Benchmarks.Decoding;

/// <summary>
/// Writes a GGUF v3 file with float32 tensors, the format llama.cpp loads: header, metadata key/values, tensor
/// infos, then the data, each tensor at a 32-byte-aligned offset (GGUF's default <c>general.alignment</c>).
/// </summary>
internal sealed class GgufWriter
{
    private const int Alignment = 32;

    // GGUF's value types (gguf.h), only those used here.
    private const uint UInt32Type = 4, Int32Type = 5, Float32Type = 6, StringType = 8, ArrayType = 9;
    private const uint GgmlF32 = 0;

    private readonly List<(string Key, Action<BinaryWriter> Write)> _metadata = [];
    private readonly List<(string Name, long[] Dimensions, float[] Data)> _tensors = [];

    public void Add(string key, string value) => _metadata.Add((key, w => { w.Write(StringType); WriteString(w, value); }));

    public void Add(string key, uint value) => _metadata.Add((key, w => { w.Write(UInt32Type); w.Write(value); }));

    public void Add(string key, float value) => _metadata.Add((key, w => { w.Write(Float32Type); w.Write(value); }));

    public void Add(string key, IReadOnlyList<string> values) => _metadata.Add((key, w =>
    {
        WriteArrayHeader(w, StringType, values.Count);
        foreach (string value in values)
        {
            WriteString(w, value);
        }
    }));

    public void Add(string key, IReadOnlyList<int> values) => _metadata.Add((key, w =>
    {
        WriteArrayHeader(w, Int32Type, values.Count);
        foreach (int value in values)
        {
            w.Write(value);
        }
    }));

    /// <summary>Adds a tensor; <paramref name="dimensions"/> in ggml's order, fastest first: a PyTorch <c>[out, in]</c> matrix is <c>(in, out)</c>.</summary>
    public void AddTensor(string name, float[] data, params long[] dimensions)
    {
        if (dimensions.Aggregate(1L, (a, b) => a * b) != data.LongLength)
        {
            throw new ArgumentException($"{name}: {data.LongLength} values for dimensions ({string.Join(", ", dimensions)}).", nameof(data));
        }

        _tensors.Add((name, dimensions, data));
    }

    public void Write(string path)
    {
        using var stream = File.Create(path);
        using var w = new BinaryWriter(stream, Encoding.UTF8);
        w.Write("GGUF"u8);
        w.Write(3u);
        w.Write((ulong)_tensors.Count);
        w.Write((ulong)_metadata.Count);
        foreach ((string key, Action<BinaryWriter> write) in _metadata)
        {
            WriteString(w, key);
            write(w);
        }

        ulong offset = 0;
        foreach ((string name, long[] dimensions, float[] data) in _tensors)
        {
            WriteString(w, name);
            w.Write((uint)dimensions.Length);
            foreach (long dimension in dimensions)
            {
                w.Write((ulong)dimension);
            }

            w.Write(GgmlF32);
            w.Write(offset);
            offset = Align(offset + 4 * (ulong)data.LongLength);
        }

        Pad(w);
        foreach ((_, _, float[] data) in _tensors)
        {
            w.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(data.AsSpan()));
            Pad(w);
        }
    }

    private static void WriteString(BinaryWriter w, string value)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(value);
        w.Write((ulong)bytes.Length);
        w.Write(bytes);
    }

    private static void WriteArrayHeader(BinaryWriter w, uint elementType, int count)
    {
        w.Write(ArrayType);
        w.Write(elementType);
        w.Write((ulong)count);
    }

    private static ulong Align(ulong offset) => (offset + Alignment - 1) / Alignment * Alignment;

    private static void Pad(BinaryWriter w)
    {
        w.Flush();
        long position = w.BaseStream.Position;
        w.Write(new byte[(int)(Align((ulong)position) - (ulong)position)]);
    }
}
