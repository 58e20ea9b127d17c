using System.Diagnostics;
using System.Reflection;

namespace Paralus.Architecture.Tests;

/// <summary>
/// <c>dotnet publish</c> of a project already built in the tests' own configuration, framework-dependent and with no
/// restore or build of its own, so it only lays out what the project would ship.
/// </summary>
internal static class DotnetPublish
{
    internal static readonly string Configuration = typeof(DotnetPublish).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "Configuration").Value ?? throw new InvalidOperationException("The test assembly names no build configuration.");

    public static async Task RunAsync(string project, string outputFolder)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { "publish", project, "-c", Configuration, "--no-build", "-o", outputFolder, "-nologo", "-v", "quiet" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet could not be started.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish {project} exited with {process.ExitCode}:\n{await stdout}\n{await stderr}");
        }
    }
}
