using System.Runtime.InteropServices;

namespace AttnGen.Package.Tests;

/// <summary>The package in a fresh console project: built and run under the JIT, and published with Native AOT.</summary>
public sealed class PackageConsumerTests(ConsumerProject project) : IClassFixture<ConsumerProject>
{
    [Fact]
    public void Builds_with_no_warning_and_runs()
    {
        Assert.Contains("0 Warning(s)", Commands.Dotnet(project.App, "build", "-warnaserror"), StringComparison.Ordinal);

        string output = Commands.Dotnet(project.App, "run");
        Assert.Contains("finite True, packed equals padded True", output, StringComparison.Ordinal);
        Assert.Contains("decoded finite True, equals one pass True, cache length 7", output, StringComparison.Ordinal);
    }

    /// <summary>
    /// <c>-p:PublishAot=true</c> on the command line, as a user types it, for this machine: no warning, the output the
    /// JIT gives bit for bit, and on x64 the package's default instruction set (x86-64-v3) makes the kernels run their
    /// Vector256 forms instead of the baseline's Vector128 ones.
    /// </summary>
    [Fact]
    public void Publishes_with_native_aot_and_gives_the_jits_results()
    {
        string native = Path.Combine(project.App, "native");
        // -warnaserror: an IL or AOT warning fails the publish, and so the test.
        Commands.Dotnet(project.App, "publish", "-r", RuntimeInformation.RuntimeIdentifier, "-p:PublishAot=true", "-warnaserror", "-o", native);

        string aot = Commands.Run(Path.Combine(native, OperatingSystem.IsWindows() ? "app.exe" : "app"), project.App);
        string jit = Commands.Dotnet(project.App, "run");
        Assert.Equal(Line(jit, "checksum"), Line(aot, "checksum"));
        if (RuntimeInformation.OSArchitecture == Architecture.X64)
        {
            Assert.Equal("kernel path Vector256", Line(aot, "kernel path"));
        }
    }

    private static string Line(string output, string start) =>
        output.Split('\n').Single(line => line.StartsWith(start, StringComparison.Ordinal)).Trim();
}
