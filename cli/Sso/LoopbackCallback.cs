using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Web;

namespace Paralus.Cli.Sso;

/// <summary>
/// The redirect target of a browser sign-in: a bare HTTP listener on 127.0.0.1 with a free port that waits for one
/// <c>GET /callback?code=…&amp;state=…</c> and answers the browser with a short page. A full web server would make
/// the CLI heavy for one request.
/// </summary>
internal sealed class LoopbackCallback : IDisposable
{
    private const int MaxHeaderLines = 100;

    private readonly TcpListener _listener;
    private readonly TimeProvider _timeProvider;

    private LoopbackCallback(TcpListener listener, TimeProvider timeProvider)
    {
        _listener = listener;
        _timeProvider = timeProvider;
        RedirectUri = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/callback");
    }

    public Uri RedirectUri { get; }

    public static LoopbackCallback Start(TimeProvider timeProvider)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return new LoopbackCallback(listener, timeProvider);
    }

    /// <summary>
    /// The authorization code, once the browser brings one with <paramref name="state"/>. A wrong state or an error
    /// from the provider ends the wait with <see cref="SignInFailedException"/>.
    /// </summary>
    public async Task<string> WaitForCodeAsync(string state, CancellationToken cancellationToken)
    {
        var outcome = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var accepting = AcceptAsync(state, outcome, stop.Token);
        try
        {
            return await outcome.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            await stop.CancelAsync();
            await accepting;
        }
    }

    public void Dispose() => _listener.Dispose();

    private async Task AcceptAsync(string state, TaskCompletionSource<string> outcome, CancellationToken cancellationToken)
    {
        var connections = new List<Task>();
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(cancellationToken);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                break;
            }

            // Each connection on its own: browsers open speculative connections that never send a request.
            connections.Add(AnswerAsync(client, state, outcome, cancellationToken));
        }

        await Task.WhenAll(connections);
    }

    private async Task AnswerAsync(TcpClient client, string state, TaskCompletionSource<string> outcome, CancellationToken cancellationToken)
    {
        using (client)
        {
            try
            {
                using var slow = new CancellationTokenSource(TimeSpan.FromSeconds(10), _timeProvider);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, slow.Token);
                var stream = client.GetStream();
                using var reader = new StreamReader(stream, Encoding.ASCII, false, 4096, leaveOpen: true);
                var requestLine = await reader.ReadLineAsync(linked.Token) ?? "";
                for (var i = 0; i < MaxHeaderLines && !string.IsNullOrEmpty(await reader.ReadLineAsync(linked.Token)); i++)
                {
                    // Headers say nothing the callback needs.
                }

                var (status, page, result) = Judge(requestLine, state);
                await WriteAsync(stream, status, page, linked.Token);
                // Settled only after the browser has its page: the CLI may exit right after.
                if (result is { } settle)
                {
                    settle(outcome);
                }
            }
            catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException)
            {
                // A connection that broke or never spoke is not the callback.
            }
        }
    }

    private static (int Status, string Page, Action<TaskCompletionSource<string>>? Settle) Judge(string requestLine, string state)
    {
        var parts = requestLine.Split(' ');
        if (parts.Length < 2 || parts[0] != "GET" || !Uri.TryCreate(new Uri("http://127.0.0.1"), parts[1], out var target) || target.AbsolutePath != "/callback")
        {
            return (404, "Not found.", null);
        }

        var query = HttpUtility.ParseQueryString(target.Query);
        if (query["state"] != state)
        {
            return (400, "This answer does not belong to the sign-in the Paralus CLI started, so it was refused. Run the sign-in again.",
                outcome => outcome.TrySetException(new SignInFailedException(
                    "the browser came back with a state this sign-in did not send, so the answer was refused and nothing was saved; sign in again.")));
        }

        if (query["error"] is { } error)
        {
            var reason = query["error_description"] is { Length: > 0 } description ? $"{description} ({error})" : error;
            return (400, $"Sign-in failed: {reason}. You can close this tab.",
                outcome => outcome.TrySetException(new SignInFailedException($"the sign-in failed: {reason}")));
        }

        if (query["code"] is not { Length: > 0 } code)
        {
            return (400, "The answer carries no authorization code.",
                outcome => outcome.TrySetException(new SignInFailedException("the browser came back without an authorization code.")));
        }

        return (200, "Signed in to Paralus. You can close this tab and go back to the terminal.", outcome => outcome.TrySetResult(code));
    }

    private static async Task WriteAsync(NetworkStream stream, int status, string message, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(
            $"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Paralus sign-in</title></head><body><p>{WebUtility.HtmlEncode(message)}</p></body></html>");
        var reason = status switch { 200 => "OK", 400 => "Bad Request", _ => "Not Found" };
        var head = Encoding.ASCII.GetBytes(
            $"HTTP/1.1 {status} {reason}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {body.Length}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n");
        await stream.WriteAsync(head, cancellationToken);
        await stream.WriteAsync(body, cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }
}
