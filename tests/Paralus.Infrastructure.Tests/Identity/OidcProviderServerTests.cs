using System.Buffers.Text;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Paralus.Testing;

namespace Paralus.Infrastructure.Tests.Identity;

/// <summary>
/// The test IdP behaves like a real one where later tests rely on it: issuers under paths, code + PKCE with the
/// configured claims, one-time codes, the device flow, key rotation, client-credentials JWTs and the Graph stand-in.
/// Token validation proper is tested where Paralus does it; here JWTs are only decoded.
/// </summary>
public sealed class OidcProviderServerTests(OidcProviderServerTests.Idp idp) : IClassFixture<OidcProviderServerTests.Idp>
{
    private const string Corp = "/corp";
    private const string Tenant = "11111111-2222-3333-4444-555555555555";
    private const string Entra = $"/{Tenant}/v2.0";
    private const string Rotating = "/rotating";
    private const string Graph = "https://graph.microsoft.com";
    private static readonly Uri Callback = new("http://127.0.0.1:1/callback");

    public sealed class Idp : IAsyncLifetime
    {
        public OidcProviderServer Server { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            OidcClient[] clients =
            [
                new("paralus", "paralus-secret", [Callback.ToString()], OidcClient.AllGrants),
                new("other", "other-secret", [Callback.ToString()], [OidcClient.AuthorizationCode, OidcClient.ClientCredentials]),
            ];
            var alice = new OidcAccount(Email: "alice@example.com", Groups: ["devs"], Tid: Tenant, Oid: "oid-alice");
            var bob = new OidcAccount(Email: "bob@example.com", Groups: [.. Enumerable.Range(0, 250).Select(i => $"group-{i}")], Oid: "oid-bob", Overage: true, Roles: ["Global Reader"]);
            Server = await OidcProviderServer.StartAsync(new OidcProviderConfig(new Dictionary<string, OidcIssuerConfig>
            {
                [Corp] = new(clients, new Dictionary<string, OidcAccount> { ["alice"] = alice, ["bob"] = bob, ["dave"] = new(Groups: ["ops"]) })
                {
                    Resources = [Graph, "api://other"],
                    GraphPageSize = 100,
                },
                [Entra] = new(clients, new Dictionary<string, OidcAccount> { ["alice"] = alice }) { Tid = Tenant },
                [Rotating] = new(clients, new Dictionary<string, OidcAccount> { ["alice"] = alice }),
            }));
        }

        public async Task DisposeAsync() => await Server.DisposeAsync();
    }

    private OidcProviderServer Server => idp.Server;

    [Fact]
    public async Task Discovery_NamesEachIssuerWithItsPath()
    {
        foreach (var path in new[] { Corp, Entra })
        {
            var issuer = Server.IssuerUrl(path);
            Assert.Equal($"{Server.BaseAddress}{path.TrimStart('/')}", issuer);
            var discovery = await DiscoveryAsync(path);
            Assert.Equal(issuer, discovery.GetProperty("issuer").GetString());
            Assert.StartsWith(issuer + "/", discovery.GetProperty("authorization_endpoint").GetString());
            Assert.StartsWith(issuer + "/", discovery.GetProperty("token_endpoint").GetString());
            Assert.StartsWith(issuer + "/", discovery.GetProperty("jwks_uri").GetString());
            Assert.Equal(["S256"], discovery.GetProperty("code_challenge_methods_supported").EnumerateArray().Select(e => e.GetString()));
        }
        Assert.NotEqual(await JwksKidsAsync(Corp), await JwksKidsAsync(Entra)); // issuers sign with keys of their own
    }

    [Fact]
    public async Task CodeWithPkce_IssuesAnIdTokenWithTheConfiguredClaims()
    {
        var (callback, verifier) = await SignInAsync(Entra, "alice", nonce: "nonce-1", state: "state-1");

        Assert.Equal("state-1", Query(callback, "state"));
        Assert.Equal(Server.IssuerUrl(Entra), Query(callback, "iss")); // RFC 9207
        using var response = await RedeemAsync(Entra, Query(callback, "code")!, verifier);
        var tokens = await JsonOf(response);
        Assert.True(response.IsSuccessStatusCode, tokens.ToString());
        Assert.True(tokens.TryGetProperty("refresh_token", out _)); // offline_access with consent

        var (header, claims) = Decode(tokens.GetProperty("id_token").GetString()!);
        Assert.Equal("RS256", header.GetProperty("alg").GetString());
        Assert.Contains(header.GetProperty("kid").GetString(), await JwksKidsAsync(Entra));
        Assert.Equal(Server.IssuerUrl(Entra), claims.GetProperty("iss").GetString());
        Assert.Equal("paralus", claims.GetProperty("aud").GetString());
        Assert.Equal("nonce-1", claims.GetProperty("nonce").GetString());
        Assert.Equal("alice", claims.GetProperty("sub").GetString());
        Assert.Equal(Tenant, claims.GetProperty("tid").GetString());
        Assert.Equal("oid-alice", claims.GetProperty("oid").GetString());
        Assert.Equal("alice@example.com", claims.GetProperty("email").GetString());
        Assert.Equal(["devs"], claims.GetProperty("groups").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task ReplayedCode_IsRefused()
    {
        var (callback, verifier) = await SignInAsync(Corp, "alice");
        var code = Query(callback, "code")!;

        using (var first = await RedeemAsync(Corp, code, verifier)) Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        using var replay = await RedeemAsync(Corp, code, verifier);

        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
        Assert.Equal("invalid_grant", (await JsonOf(replay)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task CodeOfOneIssuer_IsUnknownAtAnother()
    {
        // Same client id and secret at both issuers: only the issuers' separate storage tells them apart, as between real IdPs.
        var (callback, verifier) = await SignInAsync(Corp, "alice");
        using var elsewhere = await RedeemAsync(Rotating, Query(callback, "code")!, verifier);

        Assert.Equal("invalid_grant", (await JsonOf(elsewhere)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Pkce_IsRequiredAndChecked()
    {
        var (callback, _) = await SignInAsync(Corp, "alice");
        using var wrongVerifier = await RedeemAsync(Corp, Query(callback, "code")!, NewVerifier());
        Assert.Equal("invalid_grant", (await JsonOf(wrongVerifier)).GetProperty("error").GetString());

        // Without a challenge the IdP sends the browser back with an error, never with a code.
        using var agent = new OidcUserAgent();
        var request = await AuthorizeUrlAsync(Corp, "paralus", challenge: null, nonce: "n", state: "s");
        var refused = await agent.SignInAsync(request, "alice");
        Assert.Equal("invalid_request", Query(refused, "error"));
        Assert.Null(Query(refused, "code"));
    }

    [Fact]
    public async Task OverageAccount_GetsDistributedGroupsInsteadOfGroups()
    {
        var (callback, verifier) = await SignInAsync(Corp, "bob");
        using var response = await RedeemAsync(Corp, Query(callback, "code")!, verifier);
        var (_, claims) = Decode((await JsonOf(response)).GetProperty("id_token").GetString()!);

        Assert.False(claims.TryGetProperty("groups", out _));
        var source = claims.GetProperty("_claim_names").GetProperty("groups").GetString()!;
        Assert.True(claims.GetProperty("_claim_sources").GetProperty(source).TryGetProperty("endpoint", out _));
    }

    [Fact]
    public async Task DeviceFlow_IssuesTokensOnlyAfterApproval()
    {
        var discovery = await DiscoveryAsync(Corp);
        using var start = await PostFormAsync(discovery.GetProperty("device_authorization_endpoint").GetString()!, "paralus", "paralus-secret",
            new() { ["scope"] = "openid email profile" });
        var device = await JsonOf(start);
        Assert.True(start.IsSuccessStatusCode, device.ToString());
        var poll = new Dictionary<string, string> { ["grant_type"] = OidcClient.DeviceCode, ["device_code"] = device.GetProperty("device_code").GetString()! };

        using (var pending = await PostFormAsync(discovery.GetProperty("token_endpoint").GetString()!, "paralus", "paralus-secret", poll))
        {
            Assert.Equal("authorization_pending", (await JsonOf(pending)).GetProperty("error").GetString());
        }
        using (var agent = new OidcUserAgent())
        {
            await agent.ApproveDeviceAsync(new Uri(device.GetProperty("verification_uri").GetString()!), "dave", device.GetProperty("user_code").GetString());
        }
        using var issued = await PostFormAsync(discovery.GetProperty("token_endpoint").GetString()!, "paralus", "paralus-secret", poll);
        var tokens = await JsonOf(issued);

        Assert.True(issued.IsSuccessStatusCode, tokens.ToString());
        var (_, claims) = Decode(tokens.GetProperty("id_token").GetString()!);
        Assert.Equal("dave", claims.GetProperty("sub").GetString());
        Assert.Equal(["ops"], claims.GetProperty("groups").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task KeyRotation_PublishesTheNewKeyFirstThenDropsTheOld()
    {
        var before = await JwksKidsAsync(Rotating);
        Assert.Single(before);

        var rotated = await Server.RotateKeysAsync(Rotating);
        var after = await JwksKidsAsync(Rotating);
        Assert.Equal(rotated, after);
        Assert.Equal([after[0], before[0]], after);
        Assert.NotEqual(before[0], after[0]);

        // New tokens are signed with the new key.
        var (callback, verifier) = await SignInAsync(Rotating, "alice");
        using var response = await RedeemAsync(Rotating, Query(callback, "code")!, verifier);
        var (header, _) = Decode((await JsonOf(response)).GetProperty("id_token").GetString()!);
        Assert.Equal(after[0], header.GetProperty("kid").GetString());

        await Server.RotateKeysAsync(Rotating, dropOld: true);
        Assert.Equal([after[0]], await JwksKidsAsync(Rotating));
    }

    [Fact]
    public async Task ClientCredentials_YieldAGraphJwtThatTheGraphStandInAccepts()
    {
        var token = await ClientCredentialsAsync($"{Graph}/.default");
        var (header, claims) = Decode(token);
        Assert.Equal("RS256", header.GetProperty("alg").GetString());
        Assert.Equal(Graph, claims.GetProperty("aud").GetString());
        Assert.Equal(Server.IssuerUrl(Corp), claims.GetProperty("iss").GetString());

        // bob's 250 groups and one directory role, in pages of 100 linked by @odata.nextLink.
        var members = new List<JsonElement>();
        var pages = 0;
        for (string? next = "graph/v1.0/users/oid-bob/transitiveMemberOf?$select=id,displayName"; next is not null; pages++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, next);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await Server.Http.SendAsync(request);
            var page = await JsonOf(response);
            Assert.True(response.IsSuccessStatusCode, page.ToString());
            members.AddRange(page.GetProperty("value").EnumerateArray());
            next = page.TryGetProperty("@odata.nextLink", out var link) ? link.GetString() : null;
        }
        Assert.Equal(3, pages);
        Assert.Equal(250, members.Count(m => m.GetProperty("@odata.type").GetString() == "#microsoft.graph.group"));
        Assert.Equal(["Global Reader"], members.Where(m => m.GetProperty("@odata.type").GetString() == "#microsoft.graph.directoryRole").Select(m => m.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task GraphStandIn_RefusesTokensForAnotherAudienceOrNone()
    {
        var otherAudience = await ClientCredentialsAsync("api://other/.default");
        Assert.Equal("api://other", Decode(otherAudience).Payload.GetProperty("aud").GetString());

        foreach (var bearer in new[] { otherAudience, null })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "graph/v1.0/users/oid-bob/transitiveMemberOf");
            if (bearer is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
            using var response = await Server.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
    }

    [Fact]
    public async Task SetAccount_ChangesWhatTheNextSignInCarries()
    {
        await Server.SetAccountAsync(Rotating, "erin", new OidcAccount(Groups: ["before"]));
        Assert.Equal(["before"], await GroupsAtSignInAsync());

        await Server.SetAccountAsync(Rotating, "erin", new OidcAccount(Groups: ["after"]));
        Assert.Equal(["after"], await GroupsAtSignInAsync());

        async Task<IEnumerable<string?>> GroupsAtSignInAsync()
        {
            var (callback, verifier) = await SignInAsync(Rotating, "erin");
            using var response = await RedeemAsync(Rotating, Query(callback, "code")!, verifier);
            var (_, claims) = Decode((await JsonOf(response)).GetProperty("id_token").GetString()!);
            return [.. claims.GetProperty("groups").EnumerateArray().Select(e => e.GetString())];
        }
    }

    private async Task<(Uri Callback, string Verifier)> SignInAsync(string issuer, string account, string nonce = "n", string state = "s")
    {
        var verifier = NewVerifier();
        using var agent = new OidcUserAgent();
        var callback = await agent.SignInAsync(await AuthorizeUrlAsync(issuer, "paralus", Challenge(verifier), nonce, state), account);
        Assert.Null(Query(callback, "error"));
        return (callback, verifier);
    }

    private async Task<Uri> AuthorizeUrlAsync(string issuer, string clientId, string? challenge, string nonce, string state)
    {
        var parameters = new Dictionary<string, string>
        {
            ["client_id"] = clientId,
            ["response_type"] = "code",
            ["scope"] = "openid email profile offline_access",
            ["redirect_uri"] = Callback.ToString(),
            ["state"] = state,
            ["nonce"] = nonce,
            ["prompt"] = "consent", // offline_access needs it
        };
        if (challenge is not null)
        {
            parameters["code_challenge"] = challenge;
            parameters["code_challenge_method"] = "S256";
        }
        using var query = new FormUrlEncodedContent(parameters);
        return new Uri($"{(await DiscoveryAsync(issuer)).GetProperty("authorization_endpoint").GetString()}?{await query.ReadAsStringAsync()}");
    }

    private async Task<HttpResponseMessage> RedeemAsync(string issuer, string code, string verifier) =>
        await PostFormAsync((await DiscoveryAsync(issuer)).GetProperty("token_endpoint").GetString()!, "paralus", "paralus-secret", new()
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = Callback.ToString(),
            ["code_verifier"] = verifier,
        });

    private async Task<string> ClientCredentialsAsync(string scope)
    {
        using var response = await PostFormAsync((await DiscoveryAsync(Corp)).GetProperty("token_endpoint").GetString()!, "paralus", "paralus-secret",
            new() { ["grant_type"] = OidcClient.ClientCredentials, ["scope"] = scope });
        var body = await JsonOf(response);
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return body.GetProperty("access_token").GetString()!;
    }

    private async Task<HttpResponseMessage> PostFormAsync(string url, string clientId, string secret, Dictionary<string, string> form)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form) };
        // client_secret_basic: RFC 6749 §2.3.1 form-encodes id and secret before base64.
        var credentials = $"{Uri.EscapeDataString(clientId)}:{Uri.EscapeDataString(secret)}";
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        return await Server.Http.SendAsync(request);
    }

    private async Task<JsonElement> DiscoveryAsync(string issuer) =>
        await Server.Http.GetFromJsonAsync<JsonElement>($"{Server.IssuerUrl(issuer)}/.well-known/openid-configuration");

    private async Task<string[]> JwksKidsAsync(string issuer)
    {
        var jwks = await Server.Http.GetFromJsonAsync<JsonElement>((await DiscoveryAsync(issuer)).GetProperty("jwks_uri").GetString());
        return [.. jwks.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()!)];
    }

    private static async Task<JsonElement> JsonOf(HttpResponseMessage response) =>
        JsonSerializer.Deserialize<JsonElement>(await response.Content.ReadAsStringAsync());

    private static (JsonElement Header, JsonElement Payload) Decode(string jwt)
    {
        var parts = jwt.Split('.');
        Assert.Equal(3, parts.Length);
        return (JsonSerializer.Deserialize<JsonElement>(Base64Url.DecodeFromChars(parts[0])), JsonSerializer.Deserialize<JsonElement>(Base64Url.DecodeFromChars(parts[1])));
    }

    private static string? Query(Uri uri, string name) => System.Web.HttpUtility.ParseQueryString(uri.Query)[name];

    private static string NewVerifier() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    private static string Challenge(string verifier) => Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
}
