namespace AttnGen.Samples.Tests.RealModel;

/// <summary>The package's model, read and parsed once per test class, and ONNX Runtime's session over it.</summary>
public sealed class RealMiniLm : IDisposable
{
    public RealMiniLm()
    {
        byte[] onnxModel = MiniLmPackage.OnnxModel();
        Graph = OnnxGraph.Parse(onnxModel);
        Vocabulary = MiniLmPackage.Vocabulary();
        Reference = new OnnxRuntimeReference(onnxModel);
    }

    internal OnnxGraph Graph { get; }

    internal string Vocabulary { get; }

    internal OnnxRuntimeReference Reference { get; }

    public void Dispose() => Reference.Dispose();
}
