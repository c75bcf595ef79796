using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace AttnGen.Testing;

/// <summary>
/// .ci/run repeats the numeric tests with <c>DOTNET_EnableAVX512=0</c> (the Vector256 kernels on a machine that has
/// AVX-512), <c>DOTNET_EnableAVX2=0</c> (the Vector128 kernels, as on ARM64 or an x64 without AVX2) and
/// <c>DOTNET_EnableHWIntrinsic=0</c> (the scalar fallback), so every kernel form is checked against PyTorch and the
/// scalar reference; this test, compiled into every test project, proves in each of those runs that the switch took
/// effect and which form the generated kernels' dispatch picks.
/// </summary>
public sealed class HardwarePathTests
{
    [Fact]
    public void The_kernel_path_matches_the_configured_switches()
    {
        VectorPath expected =
            Switched("DOTNET_EnableHWIntrinsic") ? VectorPath.Scalar
            : Switched("DOTNET_EnableAVX2") ? VectorPath.Vector128
            : Switched("DOTNET_EnableAVX512") ? (Avx2.IsSupported ? VectorPath.Vector256 : VectorPath.Vector128)
            : Widest();

        Assert.Equal(expected, KernelPath.Current);
        Assert.Equal(expected >= VectorPath.Vector128, Vector128.IsHardwareAccelerated);
        Assert.Equal(expected >= VectorPath.Vector256, Vector256.IsHardwareAccelerated);
        Assert.Equal(expected == VectorPath.Vector512, Vector512.IsHardwareAccelerated);
    }

    private static bool Switched(string variable) => Environment.GetEnvironmentVariable(variable) == "0";

    /// <summary>The widest form the processor's instruction sets give, with every switch at its default.</summary>
    private static VectorPath Widest() =>
        Avx512F.IsSupported && Vector512.IsHardwareAccelerated ? VectorPath.Vector512
        : Avx2.IsSupported ? VectorPath.Vector256
        : VectorPath.Vector128;
}
