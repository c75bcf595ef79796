using System.Runtime.Intrinsics;

namespace AttnGen;

/// <summary>The forms the generated kernels come in, widest first.</summary>
public enum VectorPath
{
    /// <summary>One float at a time: no vector acceleration (or <c>DOTNET_EnableHWIntrinsic=0</c>).</summary>
    Scalar,

    /// <summary>Vector128: x64 with SSE4 but no AVX2, and ARM64 (NEON).</summary>
    Vector128,

    /// <summary>Vector256: x64 with AVX2 and FMA.</summary>
    Vector256,

    /// <summary>Vector512: x64 with AVX-512.</summary>
    Vector512,
}

/// <summary>Which form of the generated kernels runs on this machine.</summary>
public static class KernelPath
{
    /// <summary>
    /// The widest accelerated vector, tested in the order the generated kernels' dispatch tests it: every product,
    /// head kernel and softmax runs this form (the row kernels — LayerNorm, additions — run Vector256 at most).
    /// A Native AOT build decides at publish time (<c>IlcInstructionSet</c>; docs/hardware.md).
    /// </summary>
    public static VectorPath Current =>
        Vector512.IsHardwareAccelerated ? VectorPath.Vector512
        : Vector256.IsHardwareAccelerated ? VectorPath.Vector256
        : Vector128.IsHardwareAccelerated ? VectorPath.Vector128
        : VectorPath.Scalar;
}
