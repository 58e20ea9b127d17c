using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Paralus.Sandbox.Api;
using Paralus.Sandbox.Discovery;
using Paralus.Sandbox.Hosting;
using Paralus.Sandbox.Storage;

namespace Paralus.Sandbox.Streams;

/// <summary>
/// Container logs, computed from the clock: a few start-up lines, then one heartbeat per
/// <see cref="SandboxOptions.LogInterval"/>. Nothing is kept in memory, and <c>follow</c> just
/// waits for the next heartbeat until the pod goes away or the client leaves.
/// </summary>
internal sealed class PodLogs(ResourceStore store, SandboxOptions options, TimeProvider time)
{
    private const int MaxHeartbeats = 1000;

    public async Task StreamAsync(HttpContext context, JsonObject pod)
    {
        var query = context.Request.Query;
        var container = PodContainers.Find(pod, query["container"].ToString());
        var follow = QueryFlag.IsTrue(query["follow"]);
        var timestamps = QueryFlag.IsTrue(query["timestamps"]);
        var tail = int.TryParse(query["tailLines"], CultureInfo.InvariantCulture, out var t) && t >= 0 ? t : (int?)null;

        var started = DateTimeOffset.Parse(Meta.Text(pod, "status", "startTime") is { Length: > 0 } s ? s : Meta.Text(pod, "metadata", "creationTimestamp"), CultureInfo.InvariantCulture);
        var lines = StartupLines(pod, container, started).ToList();
        var now = time.GetUtcNow();
        var beats = HeartbeatsUntil(started, now);
        for (var n = Math.Max(1, beats - MaxHeartbeats + 1); n <= beats; n++) lines.Add(Heartbeat(started, n));
        if (tail is { } keep) lines = lines.Skip(Math.Max(0, lines.Count - keep)).ToList();

        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/plain";
        foreach (var (at, text) in lines) await Write(context, at, text, timestamps);
        await context.Response.Body.FlushAsync(context.RequestAborted);
        if (!follow) return;

        var uid = Meta.Uid(pod);
        try
        {
            for (var n = beats + 1; ; n++)
            {
                var due = started + options.LogInterval * n;
                var wait = due - time.GetUtcNow();
                if (wait > TimeSpan.Zero) await Task.Delay(wait, time, context.RequestAborted);
                var current = store.Get(ResourceCatalog.Pods, Meta.Namespace(pod), Meta.Name(pod));
                if (current is null || Meta.Uid(current) != uid) return;
                var (at, text) = Heartbeat(started, n);
                await Write(context, at, text, timestamps);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // kubectl logs -f ends by closing the connection.
        }
    }

    private static IEnumerable<(DateTimeOffset At, string Text)> StartupLines(JsonObject pod, JsonObject container, DateTimeOffset started)
    {
        yield return (started, $"sandbox: starting container {Meta.Text(container, "name")} (image {Meta.Text(container, "image")})");
        yield return (started, $"sandbox: pod {Meta.Namespace(pod)}/{Meta.Name(pod)} on node {Meta.Text(pod, "spec", "nodeName")}, IP {Meta.Text(pod, "status", "podIP")}");
        yield return (started, "sandbox: ready");
    }

    private long HeartbeatsUntil(DateTimeOffset started, DateTimeOffset now) =>
        now <= started ? 0 : (long)((now - started) / options.LogInterval);

    private (DateTimeOffset At, string Text) Heartbeat(DateTimeOffset started, long n) =>
        (started + options.LogInterval * n, $"sandbox: heartbeat {n}");

    private static async Task Write(HttpContext context, DateTimeOffset at, string text, bool timestamps)
    {
        var line = timestamps ? $"{at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture)} {text}\n" : text + "\n";
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(line), context.RequestAborted);
    }
}
