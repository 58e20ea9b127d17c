using System.Text;
using k8s;
using k8s.Models;

namespace Paralus.ClientMatrix.CSharp;

internal sealed partial class MatrixOperations
{
    // Events, echoes and log lines must come within this, so a stalled stream fails instead of hanging.
    private static readonly TimeSpan EventLimit = TimeSpan.FromSeconds(5);

    private async Task<string> WatchAsync(CancellationToken ct)
    {
        var label = Guid.NewGuid().ToString("N")[..12];
        var name = $"{Client}-watch";
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var started = time.GetTimestamp();
        var events = client.CoreV1.WatchListNamespacedConfigMapAsync(ns, labelSelector: $"matrix-watch={label}", cancellationToken: stop.Token);
        await using var reader = events.GetAsyncEnumerator(stop.Token);
        // The first MoveNext sends the request; it completes only with an event, so it runs on.
        var next = reader.MoveNextAsync().AsTask();
        try
        {
            var headers = time.GetElapsedTime(started, await WithinAsync(headersClock.Received, "watch response headers"));
            var created = time.GetTimestamp();
            var body = new V1ConfigMap { Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["matrix-watch"] = label } } };
            await client.CoreV1.CreateNamespacedConfigMapAsync(body, ns, cancellationToken: ct);
            while (await WithinAsync(next, "ADDED event"))
            {
                var (type, item) = reader.Current;
                if (type == WatchEventType.Added && item.Metadata.Name == name)
                {
                    return $"headers {OperationRunner.Seconds(headers)}, ADDED {OperationRunner.Seconds(time.GetElapsedTime(created))} after create";
                }
                next = reader.MoveNextAsync().AsTask();
            }
            throw new OperationFailedException("watch ended without the ADDED event");
        }
        finally
        {
            await stop.CancelAsync();
            await next.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private async Task<string> ExecAsync(CancellationToken ct)
    {
        var started = time.GetTimestamp();
        // The library's default subprotocol (v4.channel.k8s.io), as most callers use it.
        var outcome = await ExecuteAsync(["sh", "-c", "echo hi; exit 3"], stdin: null, WebSocketProtocol.V4BinaryWebsocketProtocol, ct);
        var took = time.GetElapsedTime(started);
        if (outcome.Stdout.Trim() != "hi" || outcome.ExitCode != 3)
        {
            throw new OperationFailedException(
                $"exit {outcome.ExitCode}, stdout \"{outcome.Stdout}\", status {outcome.Status}, {OperationRunner.Seconds(took)}");
        }
        return took <= TimeSpan.FromSeconds(1)
            ? $"exit 3, stdout \"hi\", {OperationRunner.Seconds(took)}"
            : throw new OperationFailedException($"exit 3 and stdout \"hi\", but only after {OperationRunner.Seconds(took)}");
    }

    private async Task<string> ExecStdinAsync(CancellationToken ct)
    {
        var started = time.GetTimestamp();
        // Closing stdin needs v5.channel.k8s.io; the library sends it as a channel-255 frame.
        var outcome = await ExecuteAsync(["cat"], stdin: "ping\n", WebSocketProtocol.V5BinaryWebsocketProtocol, ct);
        return outcome.Stdout == "ping\n" && outcome.ExitCode == 0
            ? $"exit 0, stdout \"ping\", {outcome.Protocol}, {OperationRunner.Seconds(time.GetElapsedTime(started))}"
            : throw new OperationFailedException($"exit {outcome.ExitCode}, stdout \"{outcome.Stdout}\", status {outcome.Status}, {outcome.Protocol}");
    }

    private async Task<ExecOutcome> ExecuteAsync(string[] command, string? stdin, string protocol, CancellationToken ct)
    {
        using var socket = await client.WebSocketNamespacedPodExecAsync(
            pod, ns, command, container: string.Empty, stderr: true, stdin: stdin is not null, stdout: true, tty: false,
            webSocketSubProtocol: protocol, cancellationToken: ct);
        using var demuxer = new StreamDemuxer(socket, StreamType.RemoteCommand, ownsSocket: false,
            supportsClose: socket.SubProtocol == WebSocketProtocol.V5BinaryWebsocketProtocol);
        // Streams taken before Start so no frame arrives for a channel nobody reads yet.
        using var stdout = demuxer.GetStream(ChannelIndex.StdOut, null);
        using var status = demuxer.GetStream(ChannelIndex.Error, null);
        demuxer.Start();
        if (stdin is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(stdin);
            await demuxer.Write(ChannelIndex.StdIn, bytes, 0, bytes.Length, ct);
            await demuxer.CloseChannel(ChannelIndex.StdIn, ct);
        }
        // The demuxer ends every channel's stream when the server closes the connection.
        var stdoutText = ReadToEndAsync(stdout, ct);
        var statusText = ReadToEndAsync(status, ct);
        return new ExecOutcome(await stdoutText, await statusText, socket.SubProtocol);
    }

    private async Task<string> LogsFollowAsync(CancellationToken ct)
    {
        var started = time.GetTimestamp();
        // tailLines=1 makes the second line one the server has to stream, not history.
        await using var log = await client.CoreV1.ReadNamespacedPodLogAsync(pod, ns, follow: true, tailLines: 1, cancellationToken: ct);
        using var reader = new StreamReader(log);
        var first = await WithinAsync(reader.ReadLineAsync(ct).AsTask(), "first log line");
        var second = await WithinAsync(reader.ReadLineAsync(ct).AsTask(), "second log line");
        return first is not null && second is not null
            ? $"2 lines in {OperationRunner.Seconds(time.GetElapsedTime(started))}, last \"{second}\""
            : throw new OperationFailedException("log ended before two lines");
    }

    private async Task<string> PortForwardAsync(CancellationToken ct)
    {
        using var socket = await client.WebSocketNamespacedPodPortForwardAsync(
            pod, ns, [8080], WebSocketProtocol.V4BinaryWebsocketProtocol, cancellationToken: ct);
        using var demuxer = new StreamDemuxer(socket, StreamType.PortForward);
        // Channel 0 carries the port's data both ways, channel 1 its errors.
        using var data = demuxer.GetStream((byte?)0, (byte?)0);
        using var errors = demuxer.GetStream((byte?)1, null);
        demuxer.Start();
        await data.WriteAsync("hello"u8.ToArray(), ct);
        var echo = new byte[5];
        var received = 0;
        while (received < echo.Length)
        {
            var read = await WithinAsync(data.ReadAsync(echo.AsMemory(received), ct).AsTask(), "echo");
            if (read == 0)
            {
                throw new OperationFailedException($"connection ended after {received} bytes; errors: {await ReadToEndAsync(errors, ct)}");
            }
            received += read;
        }
        var text = Encoding.UTF8.GetString(echo);
        return text == "hello" ? "echo \"hello\"" : throw new OperationFailedException($"echo \"{text}\"");
    }

    private static async Task<string> ReadToEndAsync(Stream stream, CancellationToken ct)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8, leaveOpen: true);
        return await reader.ReadToEndAsync(ct);
    }

    private async Task<T> WithinAsync<T>(Task<T> task, string what)
    {
        try
        {
            return await task.WaitAsync(EventLimit, time);
        }
        catch (TimeoutException)
        {
            throw new OperationFailedException($"no {what} within {EventLimit.TotalSeconds:0} s");
        }
    }
}
