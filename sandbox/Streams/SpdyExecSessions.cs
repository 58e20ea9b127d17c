using System.IO.Pipelines;
using System.Text.Json.Nodes;
using Paralus.Sandbox.Api;
using Paralus.Sandbox.Storage;
using Paralus.Sandbox.Streams.Spdy;

namespace Paralus.Sandbox.Streams;

/// <summary>
/// <c>pods/exec</c> and <c>pods/attach</c> over SPDY/3.1 (<c>v4.channel.k8s.io</c>), what kubectl
/// falls back to when the WebSocket upgrade fails and what kubectl before 1.30 uses: the client
/// opens one SPDY stream per channel (error, stdin, stdout, stderr, resize) named by the
/// <c>streamType</c> header; a non-zero exit is reported as a Status on the error stream.
/// </summary>
internal sealed partial class SpdyExecSessions(ContainerFileSystems files, ContainerExits exits, ILogger<SpdyExecSessions> logger)
{
    private static readonly string[] Protocols = ["v4.channel.k8s.io"];
    private static readonly TimeSpan StreamWait = TimeSpan.FromSeconds(10);

    public async Task RunAsync(HttpContext context, JsonObject pod, bool attach)
    {
        var protocol = SpdyUpgrade.Negotiate(context, Protocols);
        var request = ExecRequest.Parse(context, pod, attach);
        await using var transport = await SpdyUpgrade.AcceptAsync(context, protocol);
        using var connection = new SpdyConnection(transport);
        using var session = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        // A client that hangs up ends the command.
        var readLoop = ReadThenCancelAsync(connection, session);
        try
        {
            await RunCommandAsync(connection, request, readLoop, session);
        }
        finally
        {
            await session.CancelAsync();
            await readLoop;
        }
    }

    private async Task RunCommandAsync(SpdyConnection connection, ExecRequest request, Task readLoop, CancellationTokenSource session)
    {
        var expected = 1 + (request.Stdin ? 1 : 0) + (request.Stdout ? 1 : 0) + (request.Stderr && !request.Tty ? 1 : 0) + (request.Tty ? 1 : 0);
        var streams = new Dictionary<string, SpdyStream>();
        using (var waiting = CancellationTokenSource.CreateLinkedTokenSource(session.Token))
        {
            waiting.CancelAfter(StreamWait);
            try
            {
                while (streams.Count < expected && await connection.Accepted.WaitToReadAsync(waiting.Token))
                {
                    while (connection.Accepted.TryRead(out var stream)) streams[stream.StreamType] = stream;
                }
            }
            catch (OperationCanceledException) when (!session.IsCancellationRequested)
            {
                LogStreamsMissing(logger, request.PodName, string.Join(',', streams.Keys));
                return;
            }
        }

        var stdout = streams.GetValueOrDefault("stdout");
        var stderr = request.Tty ? stdout : streams.GetValueOrDefault("stderr");
        Pipe? stdin = null;
        if (streams.TryGetValue("stdin", out var stdinStream))
        {
            stdin = new Pipe();
            var terminal = request.Tty ? new Terminal(stdin.Writer, data => stdout?.WriteAsync(data, session.Token) ?? Task.CompletedTask) : null;
            _ = CopyStdinAsync(stdinStream, stdin.Writer, terminal, session.Token);
        }
        try
        {
            var exitCode = await BuiltinCommands.RunAsync(request.Command, new CommandContext(
                stdin?.Reader,
                data => stdout?.WriteAsync(request.Tty ? Terminal.Output(data) : data, session.Token) ?? Task.CompletedTask,
                data => stderr?.WriteAsync(request.Tty ? Terminal.Output(data) : data, session.Token) ?? Task.CompletedTask,
                request.Environment,
                files.For(request.PodUid, request.Container),
                session.Token,
                request.Tty));
            LogCommandFinished(logger, request.PodName, request.Command, exitCode);
            if (request.EndsContainer) exits.Record(request, exitCode);

            var error = streams.GetValueOrDefault("error");
            // v4 reports only failures; success is an empty error stream.
            var status = request.ExitStatus(exitCode);
            if (Meta.Text(status, "status") == "Failure" && error is not null)
                await error.WriteAsync(System.Text.Encoding.UTF8.GetBytes(status.ToJsonString(JsonResponses.SerializerOptions)), session.Token);
            foreach (var stream in streams.Values) await stream.FinishAsync(session.Token);

            using var closing = CancellationTokenSource.CreateLinkedTokenSource(session.Token);
            closing.CancelAfter(TimeSpan.FromSeconds(5));
            await readLoop.WaitAsync(closing.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The client went away, or did not close within the grace period after the exit status.
        }
    }

    private static async Task ReadThenCancelAsync(SpdyConnection connection, CancellationTokenSource session)
    {
        await connection.ReadLoopAsync(session.Token);
        await session.CancelAsync();
    }

    private static async Task CopyStdinAsync(SpdyStream stream, PipeWriter writer, Terminal? terminal, CancellationToken cancellation)
    {
        try
        {
            await foreach (var data in stream.Incoming.ReadAllAsync(cancellation))
            {
                if (terminal is not null) await terminal.KeysAsync(data, cancellation);
                else await writer.WriteAsync(data, cancellation);
            }
        }
        catch (OperationCanceledException)
        {
            // Session over.
        }
        finally
        {
            await writer.CompleteAsync();
        }
    }

    [LoggerMessage(EventId = 22, Level = LogLevel.Information, Message = "SPDY exec in pod {Pod}: '{Command}' exited with {ExitCode}")]
    private static partial void LogCommandFinished(ILogger logger, string pod, IReadOnlyList<string> command, int exitCode);

    [LoggerMessage(EventId = 23, Level = LogLevel.Warning, Message = "SPDY exec in pod {Pod}: the client opened only the streams [{Streams}]")]
    private static partial void LogStreamsMissing(ILogger logger, string pod, string streams);
}
