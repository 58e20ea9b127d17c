using System.Diagnostics;

namespace Paralus.Cli.Sso;

/// <summary>
/// Opens a URL in the user's browser when there is one: <c>BROWSER</c> if set, else <c>xdg-open</c> on a desktop
/// (DISPLAY or WAYLAND_DISPLAY), <c>open</c> on macOS. Never fails: the URL is printed anyway.
/// </summary>
internal static class BrowserLauncher
{
    public static bool TryOpen(Uri url, CliEnvironment environment)
    {
        var command = CommandFor(environment);
        if (command is null)
        {
            return false;
        }

        try
        {
            var start = new ProcessStartInfo(command)
            {
                UseShellExecute = false,
                // The browser's chatter must not reach our stdout: under kubectl that is the credential itself.
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
            };
            start.ArgumentList.Add(url.AbsoluteUri);
            using var process = Process.Start(start);
            if (process is null)
            {
                return false;
            }

            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return true;
        }
        catch (Exception exception) when (exception is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            return false;
        }
    }

    /// <summary>Whether <see cref="TryOpen"/> has anything to try; without a browser a sign-in uses a device code.</summary>
    public static bool CanOpen(CliEnvironment environment) => CommandFor(environment) is not null;

    private static string? CommandFor(CliEnvironment environment)
    {
        // BROWSER may list several, colon-separated, as in Python's webbrowser and xdg-utils.
        if (environment.Variable("BROWSER") is { } browsers && browsers.Split(':', StringSplitOptions.RemoveEmptyEntries) is [var first, ..])
        {
            return first;
        }

        if (OperatingSystem.IsMacOS())
        {
            return "open";
        }

        return environment.Variable("DISPLAY") is not null || environment.Variable("WAYLAND_DISPLAY") is not null ? "xdg-open" : null;
    }
}
