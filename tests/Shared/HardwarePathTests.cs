using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace AttnGen.Testing;

/// <summary>
/// .ci/run repeats the numeric tests with <c>DOTNET_EnableAVX512=0</c> (the Vector256 tiles on a machine that has
/// AVX-512), <c>DOTNET_EnableAVX2=0</c> and <c>DOTNET_EnableHWIntrinsic=0</c> (the scalar fallback), so every kernel
/// form is checked against PyTorch and the scalar reference; this test, compiled into every test project, proves in
/// each of those runs that the switch really took effect.
/// </summary>
public sealed class HardwarePathTests
{
    [Fact]
    public void Vector_acceleration_matches_the_configured_switches()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_EnableHWIntrinsic") == "0")
        {
            Assert.False(Vector128.IsHardwareAccelerated);
            Assert.False(Vector256.IsHardwareAccelerated);
        }
        else if (Environment.GetEnvironmentVariable("DOTNET_EnableAVX2") == "0")
        {
            Assert.False(Vector256.IsHardwareAccelerated);
            Assert.True(Vector128.IsHardwareAccelerated);
        }
        else if (Environment.GetEnvironmentVariable("DOTNET_EnableAVX512") == "0")
        {
            Assert.False(Vector512.IsHardwareAccelerated);
            Assert.Equal(Avx2.IsSupported, Vector256.IsHardwareAccelerated);
        }
        else
        {
            // The default run uses the Vector512 tiles wherever they are accelerated, else the Vector256 kernels wherever the processor has AVX2.
            Assert.Equal(Avx2.IsSupported, Vector256.IsHardwareAccelerated);
        }
    }
}
