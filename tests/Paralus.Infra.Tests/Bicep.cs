using System.Diagnostics;
using System.Reflection;

namespace Paralus.Infra.Tests;

/// <summary>The Bicep CLI that restore downloaded (PackageDownload of Azure.Bicep.CommandLine.linux-x64). It works offline.</summary>
public static class Bicep
{
    private static readonly string Executable = typeof(Bicep).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(attribute => attribute.Key == "BicepExecutable").Value!;

    public static async Task<(int ExitCode, string Output, string Errors)> RunAsync(params string[] arguments)
    {
        if (!File.Exists(Executable)) throw new InvalidOperationException($"bicep not found at {Executable}; restore tests/Paralus.Infra.Tests.");
        // NuGet unpacks the executable without its execute bit (the package is linux-x64 only).
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(Executable, File.GetUnixFileMode(Executable) | UnixFileMode.UserExecute);

        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await errors);
    }
}
