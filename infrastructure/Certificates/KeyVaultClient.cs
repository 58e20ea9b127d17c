using System.Buffers.Text;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Azure.Core;

namespace Paralus.Infrastructure.Certificates;

/// <summary>
/// The few Key Vault REST operations the certificate authorities need (get, create and sign with an EC key; get and
/// set a secret), each with a bearer token from the credential. Azure.Security.KeyVault.Keys is not used because it is
/// not served by this project's package feed. Tokens go only to the endpoint's host and never into a message.
/// </summary>
internal sealed partial class KeyVaultClient(KeyVaultEndpoint endpoint, TokenCredential credential) : IDisposable
{
    public const string ApiVersion = "7.5";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    private readonly HttpClient _http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        Timeout = TimeSpan.FromSeconds(30),
    };

    public KeyVaultEndpoint Endpoint => endpoint;

    /// <summary>The latest version when <paramref name="version"/> is null; null when there is no such key.</summary>
    public async Task<KeyVaultKey?> GetKeyAsync(string name, string? version, CancellationToken cancellationToken)
    {
        var path = version is null ? $"keys/{Name(name)}" : $"keys/{Name(name)}/{Version(version)}";
        var bundle = await SendAsync<KeyBundle>(HttpMethod.Get, path, null, $"read key '{name}'", notFoundIsNull: true, async: true, cancellationToken);
        return bundle is null ? null : ToKey(name, bundle);
    }

    /// <summary>A new P-256 key (a new version if the name exists) that may only sign and verify; without a release policy it can never be exported.</summary>
    public async Task<KeyVaultKey> CreateEcKeyAsync(string name, CancellationToken cancellationToken)
    {
        var request = new CreateKeyRequest("EC", "P-256", ["sign", "verify"]);
        var bundle = await SendAsync<KeyBundle>(HttpMethod.Post, $"keys/{Name(name)}/create", request, $"create key '{name}'", notFoundIsNull: false, async: true, cancellationToken);
        return ToKey(name, bundle!);
    }

    /// <summary>
    /// Signs a digest with one key version and returns the raw JWS signature (r||s for ES256). Synchronous because
    /// <see cref="System.Security.Cryptography.X509Certificates.X509SignatureGenerator"/> is.
    /// </summary>
    public byte[] Sign(string name, string version, string algorithm, byte[] digest)
    {
        // CA2012: with async: false nothing is awaited, so the ValueTask has completed when it is returned.
#pragma warning disable CA2012
        var pending = SendAsync<SignResult>(HttpMethod.Post, $"keys/{Name(name)}/{Version(version)}/sign", new SignRequest(algorithm, Base64Url.EncodeToString(digest)),
            $"sign with key '{name}' (version {version})", notFoundIsNull: false, async: false, CancellationToken.None);
        var signature = pending.GetAwaiter().GetResult()!.Value;
#pragma warning restore CA2012
        return signature is null
            ? throw new InvalidOperationException($"Key Vault {endpoint} answered a sign request without a signature.")
            : DecodeBase64Url(signature, "signature");
    }

    /// <summary>The latest version; null when there is no such secret.</summary>
    public async Task<KeyVaultSecret?> GetSecretAsync(string name, CancellationToken cancellationToken)
    {
        var bundle = await SendAsync<SecretBundle>(HttpMethod.Get, $"secrets/{Name(name)}", null, $"read secret '{name}'", notFoundIsNull: true, async: true, cancellationToken);
        return bundle is null ? null : ToSecret(bundle);
    }

    /// <summary>Adds a version: Key Vault has no create-if-absent, so concurrent writers each add one.</summary>
    public async Task<KeyVaultSecret> SetSecretAsync(string name, string value, string contentType, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken)
    {
        var bundle = await SendAsync<SecretBundle>(HttpMethod.Put, $"secrets/{Name(name)}", new SetSecretRequest(value, contentType, tags),
            $"write secret '{name}'", notFoundIsNull: false, async: true, cancellationToken);
        return ToSecret(bundle!);
    }

    public void Dispose() => _http.Dispose();

    /// <summary>One path for both the synchronous sign and the asynchronous rest, so neither can drift from the other.</summary>
    private async ValueTask<T?> SendAsync<T>(HttpMethod method, string path, object? body, string operation, bool notFoundIsNull, bool async, CancellationToken cancellationToken)
        where T : class
    {
        using var request = new HttpRequestMessage(method, new Uri(endpoint.Uri, $"{path}?api-version={ApiVersion}"));
        if (body is not null) request.Content = JsonContent.Create(body, body.GetType(), options: Json);
        var context = new TokenRequestContext([endpoint.Scope]);
        var token = async ? await credential.GetTokenAsync(context, cancellationToken) : credential.GetToken(context, cancellationToken);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);

        using var response = async ? await _http.SendAsync(request, cancellationToken) : _http.Send(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound && notFoundIsNull) return null;
        if (!response.IsSuccessStatusCode)
        {
            var error = await ReadAsync<ErrorBody>(response.Content, async, tolerant: true, cancellationToken);
            var detail = error?.Error is { } e ? $" ({Shorten($"{e.Code}: {e.Message}")})" : "";
            throw new KeyVaultRequestException($"Key Vault {endpoint} refused to {operation}: {(int)response.StatusCode} {response.StatusCode}{detail}.", response.StatusCode);
        }

        return await ReadAsync<T>(response.Content, async, tolerant: false, cancellationToken)
            ?? throw new InvalidOperationException($"Key Vault {endpoint} answered {operation} with an empty body.");
    }

    private static async ValueTask<T?> ReadAsync<T>(HttpContent content, bool async, bool tolerant, CancellationToken cancellationToken)
    {
        using var stream = async ? await content.ReadAsStreamAsync(cancellationToken) : content.ReadAsStream(cancellationToken);
        try
        {
            return async ? await JsonSerializer.DeserializeAsync<T>(stream, Json, cancellationToken) : JsonSerializer.Deserialize<T>(stream, Json);
        }
        catch (JsonException) when (tolerant)
        {
            return default;
        }
    }

    private KeyVaultKey ToKey(string name, KeyBundle bundle)
    {
        if (bundle.Key is not { Kty: "EC" or "EC-HSM", Crv: "P-256", X: { } x, Y: { } y } jwk)
        {
            throw new InvalidOperationException($"Key '{name}' in Key Vault {endpoint} is not an EC P-256 key (kty {bundle.Key?.Kty}, crv {bundle.Key?.Crv}).");
        }

        var parameters = new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = DecodeBase64Url(x, "x"), Y = DecodeBase64Url(y, "y") },
        };
        parameters.Validate();
        return new KeyVaultKey(name, LastSegment(jwk.Kid), parameters);
    }

    private KeyVaultSecret ToSecret(SecretBundle bundle) =>
        new(LastSegment(bundle.Id), bundle.Value ?? "", bundle.Tags ?? new Dictionary<string, string>());

    /// <summary>The version at the end of a key or secret id; checked, since it goes back into a request path.</summary>
    private string LastSegment(string? id)
    {
        var version = id?[(id.LastIndexOf('/') + 1)..];
        return version is not null && VersionPattern().IsMatch(version)
            ? version
            : throw new InvalidOperationException($"Key Vault {endpoint} answered with an id that has no version: '{id}'.");
    }

    private byte[] DecodeBase64Url(string value, string what)
    {
        try
        {
            return Base64Url.DecodeFromChars(value);
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"Key Vault {endpoint} answered with a {what} that is not base64url.");
        }
    }

    private static string Name(string name) =>
        NamePattern().IsMatch(name) ? name : throw new ArgumentException($"'{name}' is not a Key Vault object name (letters, digits and '-').", nameof(name));

    private static string Version(string version) =>
        VersionPattern().IsMatch(version) ? version : throw new ArgumentException($"'{version}' is not a Key Vault object version.", nameof(version));

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";

    [GeneratedRegex("^[0-9a-zA-Z-]{1,127}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[0-9a-zA-Z]{1,64}$")]
    private static partial Regex VersionPattern();

    private sealed record CreateKeyRequest(string Kty, string Crv, [property: JsonPropertyName("key_ops")] string[] KeyOps);

    private sealed record KeyBundle(JsonWebKey? Key);

    private sealed record JsonWebKey(string? Kid, string? Kty, string? Crv, string? X, string? Y);

    private sealed record SignRequest(string Alg, string Value);

    private sealed record SignResult(string? Value);

    private sealed record SetSecretRequest(string Value, string ContentType, IReadOnlyDictionary<string, string> Tags);

    private sealed record SecretBundle(string? Id, string? Value, Dictionary<string, string>? Tags);

    private sealed record ErrorBody(ErrorDetail? Error);

    private sealed record ErrorDetail(string? Code, string? Message);
}
