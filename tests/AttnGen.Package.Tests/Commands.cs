using System.Diagnostics;
using Xunit.Sdk;

namespace AttnGen.Package.Tests;

/// <summary>Runs commands as a user types them, and fails with the whole output when one fails.</summary>
internal static class Commands
{
    /// <summary>The <c>dotnet</c> command line in <paramref name="workingDirectory"/>.</summary>
    public static string Dotnet(string workingDirectory, params string[] arguments) => Run("dotnet", workingDirectory, arguments);

    /// <returns>What the command printed, standard output then standard error.</returns>
    public static string Run(string fileName, string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The test host's own MSBuild settings must not leak into the user's build.
        start.Environment.Remove("MSBuildExtensionsPath");
        start.Environment.Remove("MSBuildSDKsPath");
        start.Environment.Remove("MSBUILD_EXE_PATH");
        using Process process = Process.Start(start)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd() + error.Result;
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new XunitException($"{fileName} {string.Join(' ', arguments)} exited with {process.ExitCode}:{Environment.NewLine}{output}");
        }

        return output;
    }
}
