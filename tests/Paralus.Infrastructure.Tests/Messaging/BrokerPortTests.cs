using System.Net;
using System.Net.Sockets;
using Paralus.Testing;

namespace Paralus.Infrastructure.Tests.Messaging;

/// <summary>
/// The ports scripts/broker.sh picks by itself for Erlang distribution and epmd. Inside the kernel's ephemeral range
/// any outgoing connection may hold them, and the broker then dies at boot (dist_port_already_used): this broke the
/// README walkthrough, whose AMQP port 17672 put distribution on 37672.
/// </summary>
public sealed class BrokerPortTests
{
    [SkippableFact]
    public async Task Distribution_and_epmd_stay_out_of_the_ephemeral_range_when_AMQP_port_plus_20000_falls_in_it()
    {
        var (low, high) = EphemeralRange();
        var amqpPort = AmqpPortWhoseConventionalDistributionPortIsEphemeral(low, high);

        await using var broker = await RabbitMqBroker.StartWithDefaultPortsAsync(amqpPort);

        var listening = new[] { amqpPort + 1000, amqpPort + 1001 };
        Assert.All(listening, port => Assert.True(port < low || port > high, $"port {port} is inside {low}-{high}"));
        Assert.All(listening, port => Assert.True(Accepts(port), $"nothing listens on 127.0.0.1:{port}"));
        Assert.False(Accepts(amqpPort + 20000), $"the broker still listens on {amqpPort + 20000}, inside {low}-{high}");
    }

    private static (int Low, int High) EphemeralRange()
    {
        var fields = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range")
            .Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
        return (int.Parse(fields[0]), int.Parse(fields[1]));
    }

    /// <summary>
    /// A free AMQP port whose +20000 lies inside the ephemeral range and whose −20000 is below 1024, so the script's next
    /// choice is +1000/+1001 (free, below the range).
    /// </summary>
    private static int AmqpPortWhoseConventionalDistributionPortIsEphemeral(int low, int high)
    {
        var first = Math.Max(1024, low - 20000);
        var last = Math.Min(Math.Min(low - 1002, high - 20000), 1024 + 20000 - 1);
        Skip.If(first > last, $"the ephemeral range {low}-{high} leaves no such port");
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var port = Random.Shared.Next(first, last + 1);
            if (new[] { port, port + 1000, port + 1001, port + 20000 }.All(IsFree)) return port;
        }
        throw new InvalidOperationException($"no free AMQP port between {first} and {last}");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static bool Accepts(int port)
    {
        using var client = new TcpClient();
        try
        {
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
