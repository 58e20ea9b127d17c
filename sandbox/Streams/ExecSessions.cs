using System.IO.Pipelines;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Paralus.Sandbox.Api;

namespace Paralus.Sandbox.Streams;

/// <summary>
/// <c>pods/exec</c> and <c>pods/attach</c> over WebSocket with the Kubernetes channel protocols
/// <c>v5.channel.k8s.io</c> and <c>v4.channel.k8s.io</c>: every binary message starts with a
/// channel byte (0 stdin, 1 stdout, 2 stderr, 3 error/Status, 4 resize; v5 adds 255 = close a
/// channel). The command is one of <see cref="BuiltinCommands"/>; attach behaves like <c>cat</c>.
/// SPDY/3.1 upgrades are served by <see cref="SpdyExecSessions"/>.
/// </summary>
internal sealed partial class ExecSessions(ContainerFileSystems files, ContainerExits exits, ILogger<ExecSessions> logger)
{
    private const byte StdinChannel = 0;
    private const byte StdoutChannel = 1;
    private const byte StderrChannel = 2;
    private const byte ErrorChannel = 3;
    private const byte ResizeChannel = 4;
    private const byte CloseChannel = 255;
    private static readonly string[] Protocols = ["v5.channel.k8s.io", "v4.channel.k8s.io"];

    public async Task RunAsync(HttpContext context, JsonObject pod, bool attach)
    {
        var offered = context.WebSockets.WebSocketRequestedProtocols;
        var protocol = Protocols.FirstOrDefault(offered.Contains)
            ?? throw StatusException.BadRequest($"none of the offered subprotocols ({string.Join(", ", offered)}) is supported; use {string.Join(" or ", Protocols)}");

        var request = ExecRequest.Parse(context, pod, attach);
        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { SubProtocol = protocol });
        using var session = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        using var sendLock = new SemaphoreSlim(1, 1);
        async Task Send(byte channel, ReadOnlyMemory<byte> data)
        {
            var frame = new byte[data.Length + 1];
            frame[0] = channel;
            data.CopyTo(frame.AsMemory(1));
            await sendLock.WaitAsync(session.Token);
            try
            {
                await socket.SendAsync(frame, WebSocketMessageType.Binary, true, session.Token);
            }
            finally
            {
                sendLock.Release();
            }
        }

        var stdin = request.Stdin ? new Pipe() : null;
        var terminal = stdin is not null && request.Tty ? new Terminal(stdin.Writer, data => Send(StdoutChannel, data)) : null;
        // The command starts before keys are read: a shell's prompt takes the send lock first, so keys typed ahead
        // are echoed after it, as on a terminal where the shell was already waiting.
        var command = BuiltinCommands.RunAsync(request.Command, new CommandContext(
            stdin?.Reader,
            data => Send(StdoutChannel, request.Tty ? Terminal.Output(data) : data),
            data => request.Tty ? Send(StdoutChannel, Terminal.Output(data)) : Send(StderrChannel, data),
            request.Environment,
            files.For(request.PodUid, request.Container),
            session.Token,
            request.Tty));
        var reader = ReadClientAsync(socket, stdin?.Writer, terminal, protocol == Protocols[0], session);
        try
        {
            int exitCode;
            try
            {
                exitCode = await command;
            }
            catch (OperationCanceledException) when (session.IsCancellationRequested)
            {
                LogSessionAborted(logger, request.PodName);
                return;
            }

            LogCommandFinished(logger, request.PodName, request.Command, exitCode);
            if (request.EndsContainer) exits.Record(request, exitCode);
            var status = request.ExitStatus(exitCode);
            try
            {
                await Send(ErrorChannel, System.Text.Encoding.UTF8.GetBytes(status.ToJsonString(JsonResponses.SerializerOptions)));
                using var closing = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
                closing.CancelAfter(TimeSpan.FromSeconds(5));
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", closing.Token);
                await reader.WaitAsync(closing.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
                // The client may hang up as soon as it has the exit status.
            }
        }
        finally
        {
            // The reader must be done before the socket and the token source go away.
            await session.CancelAsync();
            await reader;
        }
    }

    /// <summary>Reads client frames: stdin bytes (keys, with a terminal), resize (ignored) and, in v5, the close of stdin.</summary>
    private static async Task ReadClientAsync(WebSocket socket, PipeWriter? stdin, Terminal? terminal, bool v5, CancellationTokenSource session)
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (socket.State is WebSocketState.Open or WebSocketState.CloseSent)
            {
                var result = await socket.ReceiveAsync(buffer, session.Token);
                if (result.MessageType == WebSocketMessageType.Close) break;
                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage) continue;
                var frame = message.ToArray();
                message.SetLength(0);
                if (frame.Length == 0) continue;
                switch (frame[0])
                {
                    case StdinChannel when terminal is not null && frame.Length > 1:
                        await terminal.KeysAsync(frame.AsMemory(1), session.Token);
                        break;
                    case StdinChannel when stdin is not null && frame.Length > 1:
                        await stdin.WriteAsync(frame.AsMemory(1), session.Token);
                        break;
                    case CloseChannel when v5 && frame.Length > 1 && frame[1] == StdinChannel && stdin is not null:
                        await stdin.CompleteAsync();
                        stdin = null;
                        break;
                    case ResizeChannel:
                        break;
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // A vanished client ends the session below.
        }
        finally
        {
            if (stdin is not null) await stdin.CompleteAsync();
            if (socket.State != WebSocketState.CloseSent) await session.CancelAsync();
        }
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "exec in pod {Pod}: '{Command}' exited with {ExitCode}")]
    private static partial void LogCommandFinished(ILogger logger, string pod, IReadOnlyList<string> command, int exitCode);

    [LoggerMessage(EventId = 21, Level = LogLevel.Information, Message = "exec in pod {Pod}: client went away")]
    private static partial void LogSessionAborted(ILogger logger, string pod);
}
