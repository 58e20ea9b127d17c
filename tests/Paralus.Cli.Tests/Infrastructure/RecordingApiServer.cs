using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Paralus.Cli.Tests.Infrastructure;

/// <summary>
/// A real Kestrel listener on 127.0.0.1 that records every request and answers with canned JSON of the contract
/// shapes, standing in for the control plane until the real one exists. Unknown routes get a 404 problem.
/// </summary>
public sealed class RecordingApiServer : IAsyncDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly ConcurrentDictionary<(string Method, string Path), CannedResponse> _responses = new();
    private readonly ConcurrentDictionary<(string Method, string Path), ConcurrentQueue<CannedResponse>> _sequences = new();

    private RecordingApiServer(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    /// <summary>Stamps <see cref="RecordedRequest.At"/>: a test that moves a fake clock sets it, to see how the CLI paced its calls.</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    public IReadOnlyList<RecordedRequest> Requests => _requests.ToArray();

    public RecordedRequest SingleRequest => Assert.Single(_requests);

    public static async Task<RecordingApiServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new RecordingApiServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        server.Url = new Uri(address);
        return server;
    }

    /// <summary>
    /// Answers <paramref name="method"/> on <paramref name="path"/> with <paramref name="body"/> as JSON. The path is
    /// decoded; with a query ("/api/v1/projects?continue=t1") it matches only that query, without one any query.
    /// </summary>
    public void Respond(string method, string path, int status, object? body) =>
        _responses[(method, path)] = new CannedResponse(status, body is null ? null : JsonSerializer.Serialize(body, Json));

    public void RespondRaw(string method, string path, CannedResponse response) => _responses[(method, path)] = response;

    /// <summary>Answers with each response in turn, the last one for good: a device sign-in's pending, slow_down, success.</summary>
    public void RespondInTurn(string method, string path, params CannedResponse[] responses) =>
        _sequences[(method, path)] = new ConcurrentQueue<CannedResponse>(responses);

    public static CannedResponse JsonAnswer(int status, object body) => new(status, JsonSerializer.Serialize(body, Json));

    /// <summary>A problem answer with an OAuth-style <c>error</c> member, as the sign-in endpoints send.</summary>
    public static CannedResponse Problem(int status, string? error, string detail) =>
        new(status, JsonSerializer.Serialize(new { title = "Sign-in failed", status, detail, error }, Json), "application/problem+json");

    public void Reset()
    {
        _requests.Clear();
        _responses.Clear();
        _sequences.Clear();
        Clock = TimeProvider.System;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private CannedResponse? NextInTurn((string Method, string Path) key)
    {
        if (!_sequences.TryGetValue(key, out var queue))
        {
            return null;
        }

        if (queue.Count > 1 && queue.TryDequeue(out var next))
        {
            return next;
        }

        return queue.TryPeek(out var last) ? last : null;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync();
        var target = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        var path = request.Path.Value ?? "";
        _requests.Enqueue(new RecordedRequest(
            request.Method, target, path, request.QueryString.Value ?? "", request.Headers.Authorization.FirstOrDefault(), request.ContentType, request.ContentLength, body, Clock.GetUtcNow()));

        var response = NextInTurn((request.Method, path))
            ?? _responses.GetValueOrDefault((request.Method, path + request.QueryString.Value))
            ?? _responses.GetValueOrDefault((request.Method, path))
            ?? new CannedResponse(404, $$"""{"title":"Not Found","status":404,"detail":"no canned response for {{request.Method}} {{path}}"}""", "application/problem+json");
        context.Response.StatusCode = response.Status;
        if (response.Body is not null)
        {
            context.Response.ContentType = response.ContentType;
            await context.Response.WriteAsync(response.Body);
        }
    }
}
