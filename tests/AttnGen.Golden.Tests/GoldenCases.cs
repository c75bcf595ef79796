using System.Text.Json;
using AttnGen.Testing;

namespace AttnGen.Golden.Tests;

/// <summary>The cases listed in <c>../shared/golden/index.json</c>, by kind.</summary>
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
}
