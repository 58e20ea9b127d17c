using System.Diagnostics;
using System.Net.Sockets;

namespace Paralus.Testing;

/// <summary>
/// A real Azurite table service on a free loopback port, in memory or with its data in a folder (to test restarts).
/// test.sh installs it; PARALUS_AZURITE_BIN names the executable, else the repository's .local copy is used.
/// </summary>
public sealed class AzuriteServer : IAsyncDisposable
{
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private readonly Process _process;

    private AzuriteServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};TableEndpoint=http://127.0.0.1:{Port}/devstoreaccount1;";

    public static async Task<AzuriteServer> StartAsync(string? dataFolder = null, int? port = null)
    {
        var executable = Environment.GetEnvironmentVariable("PARALUS_AZURITE_BIN") is { Length: > 0 } configured
            ? configured
            : RepositoryPaths.Combine(".local", "azurite", "node_modules", ".bin", "azurite-table");
        if (!File.Exists(executable)) throw new InvalidOperationException($"Azurite not found at {executable}; run ./test.sh (it installs Azurite) or set PARALUS_AZURITE_BIN.");

        var chosenPort = port ?? FreePort.Next();
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--tableHost", "127.0.0.1", "--tablePort", chosenPort.ToString(), "--skipApiVersionCheck", "--loose", "--silent" }) start.ArgumentList.Add(arg);
        if (dataFolder is null)
        {
            start.ArgumentList.Add("--inMemoryPersistence");
        }
        else
        {
            start.ArgumentList.Add("--location");
            start.ArgumentList.Add(dataFolder);
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new AzuriteServer(process, chosenPort);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", chosenPort);
                return server;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(100);
            }
            catch (SocketException)
            {
                await server.DisposeAsync();
                throw new InvalidOperationException("Azurite did not start listening within 30 s.");
            }
        }
    }

    /// <summary>Stops Azurite with SIGINT, as ./run.sh down does: only then does it save its data (on SIGTERM it exits without saving).</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _ = SendSignal(_process.Id, SigInt);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        _process.Dispose();
    }

    private const int SigInt = 2;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);
}
