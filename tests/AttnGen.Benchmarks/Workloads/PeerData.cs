namespace AttnGen.Benchmarks.Workloads;

/// <summary>A workload's input and PyTorch's output for it, read from its safetensors file.</summary>
internal sealed record PeerData(float[] Input, float[] Expected)
{
    public static PeerData Load(Workload workload)
    {
        using var file = SafeTensorsFile.Open(workload.SafeTensorsPath);
        var data = new PeerData(file.ReadFloat32("input.x"), file.ReadFloat32("expected.y"));
        return data.Input.Length == workload.Length && data.Expected.Length == workload.Length
            ? data
            : throw new InvalidDataException(
                $"{workload.SafeTensorsPath}: input.x has {data.Input.Length} and expected.y {data.Expected.Length} floats; the workload needs {workload.Length}.");
    }
}
