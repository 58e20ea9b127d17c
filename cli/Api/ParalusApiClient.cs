using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Paralus.Domain.Contracts;

namespace Paralus.Cli.Api;

/// <summary>
/// Typed access to the REST API. Every failure leaves as <see cref="ApiProblemException"/> (the server said no) or
/// <see cref="ServerUnreachableException"/> (no answer), which the CLI turns into one line on stderr.
/// </summary>
internal sealed class ParalusApiClient : IDisposable
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    private readonly HttpClient _http;
    private readonly Uri _server;
    private readonly Func<string, IDisposable> _showProgress;
    private readonly TimeSpan _timeout;
    private Func<CancellationToken, Task<string>>? _renewToken;
    private AuthenticationHeaderValue? _authorization;

    /// <param name="showProgress">Shows that a request is under way until the returned handle is disposed.</param>
    /// <param name="timeout">How long one request may take (default 60 s); kubectl's credential plugin wants less.</param>
    public ParalusApiClient(ApiConnection connection, Func<string, IDisposable> showProgress, TimeSpan? timeout = null)
    {
        _timeout = timeout ?? DefaultTimeout;
        // A trailing slash makes the relative API paths land under a path prefix, if the server has one.
        _server = connection.Server.AbsoluteUri.EndsWith('/') ? connection.Server : new Uri(connection.Server.AbsoluteUri + "/");
        _showProgress = showProgress;
        _http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10) })
        {
            BaseAddress = _server,
            Timeout = _timeout,
        };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("paralus-cli", CliVersion.Current));
        _renewToken = connection.RenewToken;
        if (connection.Token is not null)
        {
            _authorization = new AuthenticationHeaderValue("Bearer", connection.Token);
        }
    }

    public Task<T> GetAsync<T>(string path, CancellationToken cancellationToken) =>
        SendAsync<T>(HttpMethod.Get, path, body: null, cancellationToken);

    public Task<T> PostAsync<T>(string path, object body, CancellationToken cancellationToken) =>
        SendAsync<T>(HttpMethod.Post, path, body, cancellationToken);

    /// <summary>A POST without a body that answers with one (starting a device sign-in).</summary>
    public Task<T> PostAsync<T>(string path, CancellationToken cancellationToken) =>
        SendAsync<T>(HttpMethod.Post, path, body: null, cancellationToken);

    public Task<T> PatchAsync<T>(string path, object body, CancellationToken cancellationToken) =>
        SendAsync<T>(HttpMethod.Patch, path, body, cancellationToken);

    /// <summary>A POST that carries no body and expects none back (an action such as unlock).</summary>
    public async Task PostAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await SendCoreAsync(HttpMethod.Post, path, body: null, cancellationToken);
    }

    /// <summary>A POST whose answer has no body (204), such as ending a company sign-in.</summary>
    public async Task PostAsync(string path, object body, CancellationToken cancellationToken)
    {
        using var response = await SendCoreAsync(HttpMethod.Post, path, body, cancellationToken);
    }

    public async Task DeleteAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await SendCoreAsync(HttpMethod.Delete, path, body: null, cancellationToken);
    }

    /// <summary>
    /// One page when the caller asked for a limit or a continue token; otherwise every page, followed like
    /// kubectl's chunked lists, so that <c>get</c> shows everything.
    /// </summary>
    public async Task<ListResponse<T>> ListAsync<T>(string path, ApiQuery query, int? limit, string? continueToken, CancellationToken cancellationToken)
    {
        if (limit is not null || continueToken is not null)
        {
            var pagedQuery = query.With("limit", limit?.ToString(CultureInfo.InvariantCulture)).With("continue", continueToken);
            return await GetAsync<ListResponse<T>>(pagedQuery.AppendTo(path), cancellationToken);
        }

        var items = new List<T>();
        string? next = null;
        while (true)
        {
            var page = await GetAsync<ListResponse<T>>(query.With("continue", next).AppendTo(path), cancellationToken);
            items.AddRange(page.Items ?? []);
            // A server that hands back the same token would otherwise keep us here forever.
            if (string.IsNullOrEmpty(page.Continue) || page.Continue == next)
            {
                return new ListResponse<T>(items, null);
            }

            next = page.Continue;
        }
    }

    /// <summary>A GET whose answer is text to pass on as it comes (an export), written to <paramref name="destination"/>.</summary>
    public async Task CopyTextAsync(string path, TextWriter destination, CancellationToken cancellationToken)
    {
        using var response = await SendCoreAsync(HttpMethod.Get, path, body: null, cancellationToken);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        var buffer = new char[16 * 1024];
        int read;
        while ((read = await reader.ReadAsync(buffer, cancellationToken)) > 0) await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
    }

    public void Dispose() => _http.Dispose();

    private async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var response = await SendCoreAsync(method, path, body, cancellationToken);
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(ApiJson.Options, cancellationToken)
                ?? throw new InvalidDataException($"the server at {_server} sent an empty answer to {method} /{path}.");
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"the server at {_server} did not answer {method} /{path} with Paralus API JSON: {exception.Message}");
        }
    }

    private async Task<HttpResponseMessage> SendCoreAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        if (_renewToken is { } renew)
        {
            // Renewed once, before the first request: refresh tokens are single use.
            _renewToken = null;
            _authorization = new AuthenticationHeaderValue("Bearer", await renew(cancellationToken));
        }

        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = _authorization;
        if (body is not null)
        {
            // Serialized up front so the request carries a Content-Length: some proxies and hosts mishandle chunked bodies.
            request.Content = new StringContent(JsonSerializer.Serialize(body, body.GetType(), ApiJson.Options), Encoding.UTF8, "application/json");
        }

        HttpResponseMessage response;
        try
        {
            using (_showProgress($"Waiting for {_server.Authority}"))
            {
                response = await _http.SendAsync(request, cancellationToken);
            }
        }
        catch (HttpRequestException exception)
        {
            throw new ServerUnreachableException(_server, ReasonOf(exception), exception);
        }
        catch (TaskCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ServerUnreachableException(_server, $"no answer within {_timeout.TotalSeconds:0} seconds", exception);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw new ApiProblemException(response.StatusCode, await ReadProblemAsync(response, cancellationToken));
        }
    }

    private static async Task<ApiProblem> ReadProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        var mediaType = response.Content.Headers.ContentType?.MediaType ?? "";
        if (mediaType.EndsWith("json", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var problem = JsonSerializer.Deserialize<ApiProblem>(text, ApiJson.Options);
                if (problem is not null && (problem.Detail ?? problem.Title) is not null)
                {
                    return problem;
                }
            }
            catch (JsonException)
            {
                // Not a problem document after all: fall through and show the status and the text.
            }
        }

        // Something in front of the API (a proxy, a gateway) answered; a short plain body is still worth showing.
        var detail = text.Length is > 0 and <= 300 && !text.Contains('<') ? text.Trim() : null;
        return new ApiProblem(Title: response.ReasonPhrase ?? response.StatusCode.ToString(), Status: (int)response.StatusCode, Detail: detail);
    }

    private static string ReasonOf(HttpRequestException exception) =>
        exception.InnerException switch
        {
            SocketException socket => socket.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => "connection refused (is the Paralus API running there?)",
                SocketError.HostNotFound or SocketError.NoData => "host not found",
                _ => socket.Message,
            },
            _ when exception.HttpRequestError == HttpRequestError.SecureConnectionError => $"TLS failed: {exception.Message}",
            _ => exception.Message,
        };
}
