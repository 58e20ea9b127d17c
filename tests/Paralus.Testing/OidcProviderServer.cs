using System.ComponentModel;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Paralus.Testing;

/// <summary>
/// A real OpenID Connect provider (the npm package oidc-provider, run by tests/idp/server.mjs) on a free loopback port,
/// serving the issuers of <see cref="OidcProviderConfig"/> under their paths, with a Microsoft Graph stand-in.
/// test.sh installs it; PARALUS_OIDC_PROVIDER_DIR names the npm prefix, else the repository's .local copy is used.
/// </summary>
public sealed class OidcProviderServer : IAsyncDisposable
{
    private static readonly JsonSerializerOptions ConfigJson = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault,
    };

    private readonly Process _process;
    private readonly string _configFile;
    private readonly IReadOnlyDictionary<string, string> _issuers;

    private OidcProviderServer(Process process, string configFile, int port, IReadOnlyDictionary<string, string> issuers)
    {
        _process = process;
        _configFile = configFile;
        _issuers = issuers;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary><c>http://127.0.0.1:PORT/</c>; the Graph stand-in lives at <c>graph/v1.0/</c> under it.</summary>
    public Uri BaseAddress { get; }

    /// <summary>A client for the server's own endpoints (test endpoints, Graph stand-in); no cookies, no redirects needed.</summary>
    public HttpClient Http { get; }

    /// <summary>The Graph base URL to configure in place of <c>https://graph.microsoft.com</c> (without <c>/v1.0</c>).</summary>
    public Uri GraphBaseUrl => new(BaseAddress, "graph");

    /// <summary>The issuer served under <paramref name="path"/> (a key of <see cref="OidcProviderConfig.Issuers"/>), as its tokens name it.</summary>
    public string IssuerUrl(string path) =>
        _issuers.TryGetValue(path, out var url) ? url : throw new ArgumentException($"the test IdP serves no issuer {path}; it serves {string.Join(", ", _issuers.Keys)}", nameof(path));

    public static async Task<OidcProviderServer> StartAsync(OidcProviderConfig config, TimeSpan? timeout = null)
    {
        var providerDir = Environment.GetEnvironmentVariable("PARALUS_OIDC_PROVIDER_DIR") is { Length: > 0 } configured
            ? configured
            : RepositoryPaths.Combine(".local", "oidc-provider");
        if (!File.Exists(Path.Combine(providerDir, "node_modules", "oidc-provider", "package.json")))
        {
            throw new InvalidOperationException($"oidc-provider not found in {providerDir}; run ./test.sh (it installs oidc-provider) or set PARALUS_OIDC_PROVIDER_DIR.");
        }

        var configFile = Path.Combine(Path.GetTempPath(), $"paralus-idp-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(configFile, JsonSerializer.Serialize(config, ConfigJson));
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true, // the server exits when this closes, so a crashed test run leaves no server behind
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(RepositoryPaths.Combine("tests", "idp", "server.mjs"));
        start.ArgumentList.Add(configFile);
        start.Environment["PARALUS_OIDC_PROVIDER_DIR"] = providerDir;

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception e)
        {
            File.Delete(configFile);
            throw new InvalidOperationException("node (Node.js 20 or later) is needed to run the test IdP and is not on PATH.", e);
        }
        var errors = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            lock (errors) errors.AppendLine(e.Data);
        };
        process.BeginErrorReadLine();

        var wait = timeout ?? TimeSpan.FromSeconds(30);
        string? line = null;
        try
        {
            using var deadline = new CancellationTokenSource(wait);
            line = await process.StandardOutput.ReadLineAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
        }
        if (line is null || !line.StartsWith('{'))
        {
            var exited = process.HasExited ? $"exited with {process.ExitCode}" : $"printed no ready line within {wait.TotalSeconds:0} s";
            await StopAsync(process);
            File.Delete(configFile);
            string stderr;
            lock (errors) stderr = errors.ToString();
            throw new InvalidOperationException($"the test IdP (tests/idp/server.mjs) {exited}; stdout: {line}\nstderr:\n{stderr}");
        }
        var ready = JsonSerializer.Deserialize<ReadyLine>(line, ConfigJson)!;
        return new OidcProviderServer(process, configFile, ready.Port, ready.Issuers);
    }

    /// <summary>
    /// Rotates the issuer's signing keys: a new key signs from now on and comes first in the JWKS; the old ones stay
    /// published unless <paramref name="dropOld"/>, which leaves only the newest. Returns the JWKS's key ids, newest first.
    /// </summary>
    public async Task<IReadOnlyList<string>> RotateKeysAsync(string issuerPath, bool dropOld = false)
    {
        var query = $"__rotate?issuer={Uri.EscapeDataString(issuerPath)}{(dropOld ? "&drop=true" : "")}";
        using var response = await Http.PostAsync(query, null);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<RotateResponse>())!.Kids;
    }

    /// <summary>Replaces (or adds) an account of the issuer, as when a user's groups change at the IdP.</summary>
    public async Task SetAccountAsync(string issuerPath, string accountId, OidcAccount account)
    {
        var query = $"__account?issuer={Uri.EscapeDataString(issuerPath)}&id={Uri.EscapeDataString(accountId)}";
        using var content = new StringContent(JsonSerializer.Serialize(account, ConfigJson), Encoding.UTF8, "application/json");
        using var response = await Http.PutAsync(query, content);
        response.EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await StopAsync(_process);
        File.Delete(_configFile);
    }

    private static async Task StopAsync(Process process)
    {
        if (!process.HasExited)
        {
            process.StandardInput.Close();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
        process.Dispose();
    }

    private sealed record ReadyLine(int Port, Dictionary<string, string> Issuers);

    private sealed record RotateResponse(IReadOnlyList<string> Kids);
}

/// <summary>What tests/idp/server.mjs serves: issuers by path (<c>/corp</c>, <c>/&lt;tenant&gt;/v2.0</c>), on <paramref name="Port"/> (0: any free one).</summary>
public sealed record OidcProviderConfig(IReadOnlyDictionary<string, OidcIssuerConfig> Issuers, int Port = 0);

/// <param name="Clients">the relying parties registered at this issuer</param>
/// <param name="Accounts">by account id: what the login form takes and what becomes <c>sub</c></param>
public sealed record OidcIssuerConfig(IReadOnlyList<OidcClient> Clients, IReadOnlyDictionary<string, OidcAccount> Accounts)
{
    /// <summary>Audiences of client-credentials JWT access tokens; the server's default is <c>https://graph.microsoft.com</c>.</summary>
    public IReadOnlyList<string>? Resources { get; init; }

    /// <summary>Page size of the Graph stand-in's <c>transitiveMemberOf</c> (server default 100).</summary>
    public int GraphPageSize { get; init; }

    /// <summary>A tenant id put into the access tokens, as Entra does.</summary>
    public string? Tid { get; init; }
}

/// <summary>oidc-provider client metadata; confidential (client_secret_basic) when a secret is given.</summary>
public sealed record OidcClient(string ClientId, string? ClientSecret, IReadOnlyList<string> RedirectUris, IReadOnlyList<string> GrantTypes)
{
    public const string AuthorizationCode = "authorization_code";
    public const string RefreshToken = "refresh_token";
    public const string DeviceCode = "urn:ietf:params:oauth:grant-type:device_code";
    public const string ClientCredentials = "client_credentials";

    public static IReadOnlyList<string> AllGrants { get; } = [AuthorizationCode, RefreshToken, DeviceCode, ClientCredentials];

    /// <summary><c>none</c> for a public client.</summary>
    public string? TokenEndpointAuthMethod { get; init; }
}

/// <summary>
/// An account's claims. <paramref name="Overage"/> keeps <c>groups</c> out of the tokens and emits Entra's
/// <c>_claim_names</c>/<c>_claim_sources</c> instead; the groups (and <paramref name="Roles"/>, directory roles) are then
/// readable only through the Graph stand-in. Other claims go in <see cref="Extra"/>.
/// </summary>
public sealed record OidcAccount(
    string? Email = null,
    IReadOnlyList<string>? Groups = null,
    string? Tid = null,
    string? Oid = null,
    string? PreferredUsername = null,
    string? Name = null,
    bool Overage = false,
    IReadOnlyList<string>? Roles = null)
{
    [JsonExtensionData]
    public Dictionary<string, object>? Extra { get; init; }
}
