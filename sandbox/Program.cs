using System.Globalization;
using Paralus.Sandbox.Hosting;

namespace Paralus.Sandbox;

/// <summary>
/// <c>paralus-sandbox --port N --kubeconfig-out FILE [--state-file FILE] [--name NAME] [--verbose]</c>
/// </summary>
internal static class Program
{
    private const string Usage = "usage: paralus-sandbox --port N --kubeconfig-out FILE [--state-file FILE] [--name NAME] [--verbose]";

    public static async Task<int> Main(string[] args)
    {
        var options = new SandboxOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            try
            {
                options = args[i] switch
                {
                    "--port" => options with { Port = int.Parse(Value(), CultureInfo.InvariantCulture) },
                    "--kubeconfig-out" => options with { KubeconfigPath = Value() },
                    "--state-file" => options with { StateFile = Value() },
                    "--name" => options with { Name = Value() },
                    "--verbose" => options with { MinimumLogLevel = LogLevel.Information },
                    "-h" or "--help" => throw new ArgumentException(""),
                    var unknown => throw new ArgumentException($"unknown argument {unknown}"),
                };
            }
            catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
            {
                if (e.Message.Length > 0) await Console.Error.WriteLineAsync(e.Message);
                await Console.Error.WriteLineAsync(Usage);
                return 2;
            }
        }

        await using var sandbox = await SandboxHost.StartAsync(options);
        await Console.Out.WriteLineAsync($"sandbox ready: {sandbox.Server}");
        await Console.Out.FlushAsync();
        await sandbox.WaitForShutdownAsync();
        return 0;
    }
}
