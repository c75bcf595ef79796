using AttnGen.Testing;
using System.Buffers.Binary;
using System.Text;

namespace AttnGen.Runtime.Tests;

/// <summary>Locates the shared golden files and builds safetensors bytes by hand.</summary>
internal static class TestFiles
{
    public static string GoldenDirectory => TestPaths.Golden;

    public static string Golden(string fileName) => Path.Combine(GoldenDirectory, fileName);

    /// <summary>8-byte little-endian length, <paramref name="json"/> as UTF-8 without padding, then <paramref name="dataLength"/> zero bytes.</summary>
    public static byte[] Build(string json, int dataLength) => Build(Encoding.UTF8.GetBytes(json), new byte[dataLength]);

    public static byte[] Build(byte[] header, byte[] data)
    {
        var bytes = new byte[8 + header.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)header.Length);
        header.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + header.Length);
        return bytes;
    }

    /// <summary>A temporary file path, deleted when the returned scope is disposed.</summary>
    public static TempFile Temp() => new(Path.Combine(Path.GetTempPath(), $"attngen-{Guid.NewGuid():N}.safetensors"));
}

internal sealed class TempFile(string path) : IDisposable
{
    public string Path { get; } = path;

    public void Dispose() => File.Delete(Path);
}
