using AttnGen.Benchmarks.Workloads;

namespace AttnGen.Benchmarks.Systems;

/// <summary>
/// The scalar and <c>TensorPrimitives</c> systems for a workload, with weights read through the runtime's own
/// name detection, so they run the very parameters the generated block loads.
/// </summary>
internal static class PlainCSharpSystems
{
    public static IForwardPass Scalar(Workload workload) =>
        workload.IsAttentionOnly
            ? new ScalarAttention(LoadAttention(workload), workload)
            : new ScalarEncoderLayer(LoadEncoderLayer(workload), workload);

    public static IForwardPass TensorPrimitives(Workload workload) =>
        workload.IsAttentionOnly
            ? new TensorPrimitivesAttention(LoadAttention(workload), workload)
            : new TensorPrimitivesEncoderLayer(LoadEncoderLayer(workload), workload);

    private static AttentionParameters LoadAttention(Workload workload)
    {
        using var file = SafeTensorsFile.Open(workload.SafeTensorsPath);
        // The peer file holds input.x and expected.y beside the weights.
        return AttentionWeightNames.Load(file, prefix: "", workload.DModel, bias: true, allowUnused: true);
    }

    private static EncoderLayerParameters LoadEncoderLayer(Workload workload)
    {
        using var file = SafeTensorsFile.Open(workload.SafeTensorsPath);
        // The peer file holds input.x and expected.y beside the weights.
        return EncoderLayerWeightNames.Load(file, prefix: "", workload.DModel, workload.Hidden, allowUnused: true);
    }
}
