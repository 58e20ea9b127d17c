using System.Diagnostics;
using Paralus.Infrastructure.Messaging;

namespace Paralus.Testing;

/// <summary>
/// A real RabbitMQ (AMQP 1.0 plugin) on free loopback ports with its data in a temporary folder, started and stopped by
/// scripts/broker.sh exactly as ./run.sh does: the entities of infra/broker/definitions.json, user <c>paralus</c>,
/// no guest. test.sh installs RabbitMQ; PARALUS_RABBITMQ_SERVER names rabbitmq-server, else the Debian path is used.
/// </summary>
public sealed class RabbitMqBroker : IAsyncDisposable
{
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromSeconds(90);
    private readonly string _folder;
    private readonly int[] _ports;

    private RabbitMqBroker(string folder, int[] ports, string password)
    {
        _folder = folder;
        _ports = ports;
        Password = password;
    }

    public string Host => "127.0.0.1";

    public int Port => _ports[0];

    public string UserName => "paralus";

    public string Password { get; }

    /// <summary><c>amqp://paralus:PASSWORD@127.0.0.1:PORT</c>, the form AMQPNetLite's <c>Address</c> takes.</summary>
    public Uri Uri => new($"amqp://{Uri.EscapeDataString(UserName)}:{Uri.EscapeDataString(Password)}@{Host}:{Port}");

    /// <summary>Starts a new broker: a fresh folder, a free AMQP port, and free distribution and epmd ports.</summary>
    public static Task<RabbitMqBroker> StartAsync() => StartAsync(() => DistinctFreePorts(3));

    /// <summary>Starts a new broker on <paramref name="amqpPort"/>, leaving distribution and epmd ports to the script's defaults, as ./run.sh does.</summary>
    public static Task<RabbitMqBroker> StartWithDefaultPortsAsync(int amqpPort) => StartAsync(() => [amqpPort]);

    private static async Task<RabbitMqBroker> StartAsync(Func<int[]> choosePorts)
    {
        var server = Environment.GetEnvironmentVariable("PARALUS_RABBITMQ_SERVER") is { Length: > 0 } configured
            ? configured
            : "/usr/lib/rabbitmq/bin/rabbitmq-server";
        if (!File.Exists(server)) throw new InvalidOperationException($"RabbitMQ not found at {server}; run ./test.sh (it installs the Debian package rabbitmq-server) or set PARALUS_RABBITMQ_SERVER.");

        var folder = Directory.CreateTempSubdirectory("paralus-broker-").FullName;
        try
        {
            // FreePort only says a port was free a moment ago: on the rare clash, take new ports.
            for (var attempt = 1; ; attempt++)
            {
                var ports = choosePorts();
                var (exitCode, output) = await RunScriptAsync("start", folder, ports);
                if (exitCode == 0)
                {
                    var (_, passwordFile) = await RunScriptAsync("password", folder, []);
                    var password = (await File.ReadAllTextAsync(passwordFile.Trim())).Trim();
                    return new RabbitMqBroker(folder, ports, password);
                }
                if (attempt == 3 || !output.Contains("already in use", StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"scripts/broker.sh start failed ({exitCode}):\n{output}");
                }
            }
        }
        catch
        {
            await RunScriptAsync("stop", folder, []);
            Directory.Delete(folder, recursive: true);
            throw;
        }
    }

    /// <summary>Stops the broker gracefully; its data stays for <see cref="StartAgainAsync"/>.</summary>
    public async Task StopAsync()
    {
        var (exitCode, output) = await RunScriptAsync("stop", _folder, []);
        if (exitCode != 0) throw new InvalidOperationException($"scripts/broker.sh stop failed ({exitCode}):\n{output}");
    }

    /// <summary>Starts the same broker again: same folder, ports, user and password, with the durable data it had.</summary>
    public async Task StartAgainAsync()
    {
        var (exitCode, output) = await RunScriptAsync("start", _folder, _ports);
        if (exitCode != 0) throw new InvalidOperationException($"scripts/broker.sh start failed ({exitCode}):\n{output}");
    }

    /// <summary>The broker's running processes (the Erlang VM and its epmd), as scripts/broker.sh recorded them.</summary>
    public IReadOnlyList<int> ProcessIds() =>
        new[] { "rabbitmq.pid", "epmd.pid" }
            .Select(name => Path.Combine(_folder, name))
            .Where(File.Exists)
            .Select(file => int.Parse(File.ReadAllText(file).Trim()))
            .ToArray();

    /// <summary>Settings for <c>Paralus:Messaging</c> that point at this broker.</summary>
    public MessagingOptions CreateMessagingOptions() => new()
    {
        Broker = MessageBrokerKind.Local,
        Host = Host,
        Port = Port,
        UserName = UserName,
        Password = Password,
    };

    /// <summary>The same as configuration keys, for an app built with <c>AddInMemoryCollection</c>.</summary>
    public IReadOnlyDictionary<string, string?> ConfigurationSettings() => new Dictionary<string, string?>
    {
        [$"{MessagingOptions.Section}:Broker"] = nameof(MessageBrokerKind.Local),
        [$"{MessagingOptions.Section}:Host"] = Host,
        [$"{MessagingOptions.Section}:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        [$"{MessagingOptions.Section}:UserName"] = UserName,
        [$"{MessagingOptions.Section}:Password"] = Password,
        [$"{MessagingOptions.Section}:MaxReconnectDelay"] = "00:00:01",
    };

    public async ValueTask DisposeAsync()
    {
        await RunScriptAsync("stop", _folder, []);
        Directory.Delete(_folder, recursive: true);
    }

    private static int[] DistinctFreePorts(int count)
    {
        var ports = new HashSet<int>();
        while (ports.Count < count) ports.Add(FreePort.Next());
        return [.. ports];
    }

    /// <summary>Runs scripts/broker.sh; ports, when given, are AMQP, then distribution and epmd. Returns its exit code and output.</summary>
    private static async Task<(int ExitCode, string Output)> RunScriptAsync(string command, string folder, int[] ports)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(RepositoryPaths.Combine("scripts", "broker.sh"));
        start.ArgumentList.Add(command);
        start.ArgumentList.Add("--dir");
        start.ArgumentList.Add(folder);
        foreach (var (flag, port) in new[] { "--port", "--dist-port", "--epmd-port" }.Zip(ports))
        {
            start.ArgumentList.Add(flag);
            start.ArgumentList.Add(port.ToString());
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(ScriptTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"scripts/broker.sh {command} did not finish within {ScriptTimeout.TotalSeconds} s.");
        }
        return (process.ExitCode, await stdout + await stderr);
    }
}
