using System.Text.Json;
using AttnGen.Testing;

namespace AttnGen.Golden.Tests;

/// <summary>The cases listed in <c>tests/data/golden/index.json</c>, by kind, and the inputs that need more than a plain read.</summary>
internal static class GoldenCases
{
    public static IEnumerable<string> OfKind(string kind)
    {
        using JsonDocument index = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.Golden, "index.json")));
        return index.RootElement.EnumerateObject()
            .Where(entry => entry.Value.GetProperty("kind").GetString() == kind)
            .Select(entry => entry.Name)
            .ToArray();
    }

    public static SafeTensorsFile Open(string name) => SafeTensorsFile.Open(Path.Combine(TestPaths.Golden, name + ".safetensors"));

    /// <summary>A case's <c>input.mask</c> as additive floats, whether stored so or in PyTorch's boolean convention where true = masked.</summary>
    public static float[] ReadMask(SafeTensorsFile file)
    {
        if (file.GetInfo("input.mask").DType != "BOOL")
        {
            return file.ReadFloat32("input.mask");
        }

        bool[] blocked = file.ReadBool("input.mask");
        var additive = new float[blocked.Length];
        AttentionMasks.FromBlocked(blocked, additive);
        return additive;
    }
}
