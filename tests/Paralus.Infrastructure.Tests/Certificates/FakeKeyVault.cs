using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Paralus.Infrastructure.Tests.Certificates;

/// <summary>
/// Key Vault's data plane on Kestrel (127.0.0.1, a free port, plain http), with exactly the operations the store calls:
/// get, create and sign with an EC key; get and set a secret. Keys are real P-256 keys that never leave this class:
/// there is no export, backup or release operation. Every request needs <see cref="AcceptedToken"/> as a bearer token.
/// </summary>
internal sealed class FakeKeyVault : IAsyncDisposable
{
    public const string ApiVersion = "7.5";

    private readonly WebApplication _app;
    private readonly object _gate = new();
    private readonly Dictionary<string, List<StoredKey>> _keys = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, List<StoredSecret>> _secrets = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, (int Count, TaskCompletionSource Released)> _heldMisses = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<FakeKeyVaultRequest> _requests = new();

    private FakeKeyVault(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    public string AcceptedToken { get; } = "fake-vault-token-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

    public IReadOnlyList<FakeKeyVaultRequest> Requests => _requests.ToArray();

    /// <summary>A status to refuse a request with (method, path), or null to serve it.</summary>
    public Func<string, string, HttpStatusCode?> Refuse { get; set; } = (_, _) => null;

    /// <summary>
    /// When above 1, a read that finds no key or secret of a name waits until that many such reads arrived, so that
    /// that many callers all see it missing and race to create it.
    /// </summary>
    public int RaceWidth { get; set; } = 1;

    public static async Task<FakeKeyVault> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var vault = new FakeKeyVault(app);
        app.Run(vault.HandleAsync);
        await app.StartAsync();
        vault.Url = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single() + "/");
        return vault;
    }

    public IReadOnlyList<string> KeyVersions(string name)
    {
        lock (_gate) return _keys.GetValueOrDefault(name)?.Select(k => k.Version).ToArray() ?? [];
    }

    public IReadOnlyList<string> SecretVersions(string name)
    {
        lock (_gate) return _secrets.GetValueOrDefault(name)?.Select(s => s.Version).ToArray() ?? [];
    }

    public (string Value, IReadOnlyDictionary<string, string> Tags) Secret(string name, string version)
    {
        lock (_gate)
        {
            var secret = _secrets[name].Single(s => s.Version == version);
            return (secret.Value, secret.Tags);
        }
    }

    /// <summary>The public half, as a relying party would hold it.</summary>
    public ECDsa PublicKey(string name, string version)
    {
        lock (_gate) return ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = _keys[name].Single(k => k.Version == version).Key.ExportParameters(false).Q });
    }

    /// <summary>The private scalars of every key, base64url as a JWK's "d" would carry them: they must never be on the wire.</summary>
    public IReadOnlyList<string> PrivateScalars()
    {
        lock (_gate) return _keys.Values.SelectMany(v => v).Select(k => Base64Url.EncodeToString(k.Key.ExportParameters(true).D)).ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        foreach (var key in _keys.Values.SelectMany(v => v)) key.Key.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "";
        string body;
        using (var reader = new StreamReader(request.Body)) body = await reader.ReadToEndAsync();

        var (status, answer) = await AnswerAsync(request, path, body);
        var text = answer?.ToJsonString() ?? "";
        _requests.Enqueue(new FakeKeyVaultRequest(request.Method, path, request.QueryString.Value ?? "", request.Headers.Authorization.ToString(), (int)status, text));
        context.Response.StatusCode = (int)status;
        if (status == HttpStatusCode.Unauthorized)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer authorization=\"https://login.microsoftonline.com/tenant\", resource=\"https://vault.azure.net\"";
        }

        if (answer is not null)
        {
            context.Response.ContentType = "application/json; charset=utf-8";
            await context.Response.WriteAsync(text);
        }
    }

    private async Task<(HttpStatusCode, JsonNode?)> AnswerAsync(HttpRequest request, string path, string body)
    {
        if (request.Headers.Authorization.ToString() != $"Bearer {AcceptedToken}") return Error(HttpStatusCode.Unauthorized, "Unauthorized", "AKV10000: Request is missing a Bearer or PoP token.");
        if (request.Query["api-version"].ToString() != ApiVersion) return Error(HttpStatusCode.BadRequest, "BadParameter", "The specified version is not supported.");
        if (Refuse(request.Method, path) is { } refused) return Error(refused, refused.ToString(), "The caller is not authorized to perform this action.");

        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return (request.Method, segments) switch
        {
            ("GET", ["keys", var name]) => await GetKeyAsync(name, null),
            ("GET", ["keys", var name, var version]) => await GetKeyAsync(name, version),
            ("POST", ["keys", var name, "create"]) => CreateKey(name, body),
            ("POST", ["keys", var name, var version, "sign"]) => Sign(name, version, body),
            ("GET", ["secrets", var name]) => await GetSecretAsync(name),
            ("PUT", ["secrets", var name]) => SetSecret(name, body),
            _ => Error(HttpStatusCode.BadRequest, "BadParameter", "This fake vault has no such operation."),
        };
    }

    private async Task<(HttpStatusCode, JsonNode?)> GetKeyAsync(string name, string? version)
    {
        StoredKey? key;
        lock (_gate) key = _keys.GetValueOrDefault(name) is { } versions ? versions.LastOrDefault(k => version is null || k.Version == version) : null;
        if (key is not null) return (HttpStatusCode.OK, KeyBundle(name, key));
        await HoldMissAsync($"keys/{name}");
        return Error(HttpStatusCode.NotFound, "KeyNotFound", $"A key with (name/id) {name} was not found in this key vault.");
    }

    private (HttpStatusCode, JsonNode?) CreateKey(string name, string body)
    {
        var request = JsonNode.Parse(body)!.AsObject();
        if ((string?)request["kty"] != "EC" || (string?)request["crv"] != "P-256") return Error(HttpStatusCode.BadRequest, "BadParameter", "Only EC P-256 keys here.");
        if (request["release_policy"] is not null || (bool?)request["attributes"]?["exportable"] == true) return Error(HttpStatusCode.BadRequest, "BadParameter", "Exportable keys are refused here.");
        var operations = request["key_ops"]?.AsArray().Select(o => (string)o!).ToArray() ?? ["sign", "verify"];
        var key = new StoredKey(NewVersion(), ECDsa.Create(ECCurve.NamedCurves.nistP256), operations, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        lock (_gate)
        {
            if (!_keys.TryGetValue(name, out var versions)) _keys[name] = versions = [];
            versions.Add(key);
        }

        return (HttpStatusCode.OK, KeyBundle(name, key));
    }

    private (HttpStatusCode, JsonNode?) Sign(string name, string version, string body)
    {
        StoredKey? key;
        lock (_gate) key = _keys.GetValueOrDefault(name)?.SingleOrDefault(k => k.Version == version);
        if (key is null) return Error(HttpStatusCode.NotFound, "KeyNotFound", $"A key with (name/id) {name}/{version} was not found in this key vault.");
        if (!key.Operations.Contains("sign")) return Error(HttpStatusCode.Forbidden, "Forbidden", "Operation sign is not permitted on this key.");
        var request = JsonNode.Parse(body)!.AsObject();
        if ((string?)request["alg"] != "ES256") return Error(HttpStatusCode.BadRequest, "BadParameter", "Only ES256 here.");
        var digest = Base64Url.DecodeFromChars((string?)request["value"]);
        if (digest.Length != 32) return Error(HttpStatusCode.BadRequest, "BadParameter", $"Invalid length of 'value': {digest.Length} bytes. ES256 requires 32 bytes, encoded with base64url.");
        var signature = key.Key.SignHash(digest, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return (HttpStatusCode.OK, new JsonObject { ["kid"] = KeyId(name, key.Version), ["value"] = Base64Url.EncodeToString(signature) });
    }

    private async Task<(HttpStatusCode, JsonNode?)> GetSecretAsync(string name)
    {
        StoredSecret? secret;
        lock (_gate) secret = _secrets.GetValueOrDefault(name)?.LastOrDefault();
        if (secret is not null) return (HttpStatusCode.OK, SecretBundle(name, secret));
        await HoldMissAsync($"secrets/{name}");
        return Error(HttpStatusCode.NotFound, "SecretNotFound", $"A secret with (name/id) {name} was not found in this key vault.");
    }

    private (HttpStatusCode, JsonNode?) SetSecret(string name, string body)
    {
        var request = JsonNode.Parse(body)!.AsObject();
        var tags = request["tags"]?.AsObject().ToDictionary(t => t.Key, t => (string)t.Value!) ?? [];
        var secret = new StoredSecret(NewVersion(), (string)request["value"]!, (string?)request["contentType"], tags, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        lock (_gate)
        {
            if (!_secrets.TryGetValue(name, out var versions)) _secrets[name] = versions = [];
            versions.Add(secret);
        }

        return (HttpStatusCode.OK, SecretBundle(name, secret));
    }

    private Task HoldMissAsync(string what)
    {
        if (RaceWidth <= 1) return Task.CompletedTask;
        TaskCompletionSource released;
        lock (_gate)
        {
            var (count, tcs) = _heldMisses.GetValueOrDefault(what, (0, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)));
            _heldMisses[what] = (count + 1, tcs);
            if (count + 1 >= RaceWidth) tcs.TrySetResult();
            released = tcs;
        }

        // Never hangs a test: a caller that does not come is a failure the assertions will show.
        return released.Task.WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private JsonObject KeyBundle(string name, StoredKey key)
    {
        var point = key.Key.ExportParameters(false).Q;
        return new JsonObject
        {
            ["key"] = new JsonObject
            {
                ["kid"] = KeyId(name, key.Version),
                ["kty"] = "EC",
                ["key_ops"] = new JsonArray(key.Operations.Select(o => (JsonNode)o).ToArray()),
                ["crv"] = "P-256",
                ["x"] = Base64Url.EncodeToString(point.X),
                ["y"] = Base64Url.EncodeToString(point.Y),
            },
            ["attributes"] = Attributes(key.Created, exportable: false),
        };
    }

    private JsonObject SecretBundle(string name, StoredSecret secret)
    {
        var tags = new JsonObject();
        foreach (var (tag, value) in secret.Tags) tags[tag] = value;
        return new JsonObject
        {
            ["value"] = secret.Value,
            ["contentType"] = secret.ContentType,
            ["id"] = new Uri(Url, $"secrets/{name}/{secret.Version}").ToString(),
            ["attributes"] = Attributes(secret.Created, exportable: null),
            ["tags"] = tags,
        };
    }

    private static JsonObject Attributes(long created, bool? exportable)
    {
        var attributes = new JsonObject { ["enabled"] = true, ["created"] = created, ["updated"] = created, ["recoveryLevel"] = "Recoverable+Purgeable" };
        if (exportable is { } value) attributes["exportable"] = value;
        return attributes;
    }

    private string KeyId(string name, string version) => new Uri(Url, $"keys/{name}/{version}").ToString();

    private static string NewVersion() => Guid.NewGuid().ToString("N");

    private static (HttpStatusCode, JsonNode?) Error(HttpStatusCode status, string code, string message) =>
        (status, new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } });

    private sealed record StoredKey(string Version, ECDsa Key, string[] Operations, long Created);

    private sealed record StoredSecret(string Version, string Value, string? ContentType, Dictionary<string, string> Tags, long Created);
}
