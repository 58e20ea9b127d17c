using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Web;
using Duende.IdentityModel.Client;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Paralus.Domain.Model;
using Paralus.Domain.Security;
using Paralus.Domain.Text;
using Paralus.Functions.SignIn;

namespace Paralus.Functions.Tests.SignIn;

/// <summary>
/// ID tokens that must prove nothing: each built from a real token of the test provider (issued to the client
/// <c>other-app</c>), and each refused with a reason a person can act on. The first test shows the real token passes.
/// </summary>
[Collection(SignInCollection.Name)]
public sealed class IdTokenValidationTests(SignInFixture fixture)
{
    private const string Nonce = "nonce-of-this-sign-in";
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    [Fact]
    public async Task RealToken_ForThisClient_WithThisNonce_Passes()
    {
        var check = await ValidateAsync(await RealTokenAsync("alice"), Provider("/corp", "other-app"));

        Assert.Null(check.Refusal);
        Assert.Equal("alice", check.Identity!.Subject);
        Assert.Equal("alice@corp.example", check.Identity.Username);
        Assert.Equal(["devs"], check.Identity.Groups);
    }

    [Fact]
    public async Task TokenIssuedToAnotherClient_IsRefused() =>
        await AssertRefusedAsync(await RealTokenAsync("alice"), Provider("/corp", "paralus"), "another client");

    [Fact]
    public async Task TokenOfOneProvider_PresentedAsAnother_IsRefused() =>
        await AssertRefusedAsync(await RealTokenAsync("alice"), Provider("/other", "other-app"), "another issuer");

    [Fact]
    public async Task ExpiredToken_IsRefused()
    {
        var token = await RealTokenAsync("alice");
        _clock.Advance(TimeSpan.FromHours(2));

        await AssertRefusedAsync(token, Provider("/corp", "other-app"), "expired");
    }

    [Fact]
    public async Task NonceOfAnotherSignIn_IsRefused()
    {
        var token = await RealTokenAsync("alice");
        var check = await Validator().ValidateAsync(Provider("/corp", "other-app"), token, "the nonce this sign-in sent", CancellationToken.None);

        Assert.Null(check.Identity);
        Assert.Contains("nonce", check.Refusal);
    }

    [Fact]
    public async Task UnsignedToken_AlgNone_IsRefused()
    {
        var real = new JsonWebToken(await RealTokenAsync("alice"));
        var unsigned = $"{Header(new { alg = "none", typ = "JWT", kid = real.Kid })}.{real.EncodedPayload}.";

        await AssertRefusedAsync(unsigned, Provider("/corp", "other-app"), "");
    }

    [Fact]
    public async Task Hs256_KeyedWithTheProvidersPublicKey_IsRefused()
    {
        var real = new JsonWebToken(await RealTokenAsync("alice"));
        // The classic confusion attack: the public key's bytes, which anyone can fetch, used as an HMAC secret.
        using var jwks = JsonDocument.Parse(await fixture.Idp.Http.GetStringAsync(fixture.Idp.IssuerUrl("/corp") + "/jwks"));
        var modulus = jwks.RootElement.GetProperty("keys")[0].GetProperty("n").GetString()!;
        var signingInput = $"{Header(new { alg = "HS256", typ = "JWT", kid = real.Kid })}.{real.EncodedPayload}";
        var signature = HMACSHA256.HashData(Encoding.ASCII.GetBytes(modulus), Encoding.ASCII.GetBytes(signingInput));

        await AssertRefusedAsync($"{signingInput}.{Base64Url.Encode(signature)}", Provider("/corp", "other-app"), "");
    }

    [Fact]
    public async Task TokenSignedWithAKeyTheProviderDoesNotPublish_IsRefused()
    {
        var real = new JsonWebToken(await RealTokenAsync("alice"));
        using var rsa = RSA.Create(2048);
        var forged = new JsonWebTokenHandler().CreateToken(Base64Url.TryDecodeString(real.EncodedPayload)!,
            new SigningCredentials(new RsaSecurityKey(rsa) { KeyId = "kid-nobody-publishes" }, SecurityAlgorithms.RsaSha256));

        await AssertRefusedAsync(forged, Provider("/corp", "other-app"), "does not publish");
    }

    [Fact]
    public async Task KeysRotatedAtTheProvider_AreFetchedAgain_WhenATokenNamesANewKey()
    {
        var requests = new RequestLog();
        var validator = Validator(requests);
        var provider = Provider("/corp", "other-app");
        Assert.NotNull((await validator.ValidateAsync(provider, await RealTokenAsync("alice"), Nonce, CancellationToken.None)).Identity);
        Assert.NotNull((await validator.ValidateAsync(provider, await RealTokenAsync("alice"), Nonce, CancellationToken.None)).Identity);
        var before = requests.Paths.Count(p => p.EndsWith("/jwks", StringComparison.Ordinal));

        await fixture.Idp.RotateKeysAsync("/corp");
        var check = await validator.ValidateAsync(provider, await RealTokenAsync("alice"), Nonce, CancellationToken.None);

        Assert.Null(check.Refusal);
        Assert.Equal(1, before);
        Assert.Equal(2, requests.Paths.Count(p => p.EndsWith("/jwks", StringComparison.Ordinal)));
    }

    private async Task AssertRefusedAsync(string token, IdentityProvider provider, string reason)
    {
        var check = await ValidateAsync(token, provider);

        Assert.Null(check.Identity);
        Assert.True(check.Refusal!.Contains(reason, StringComparison.Ordinal), check.Refusal);
    }

    private Task<IdTokenCheck> ValidateAsync(string token, IdentityProvider provider) => Validator().ValidateAsync(provider, token, Nonce, CancellationToken.None);

    private IdTokenValidator Validator(RequestLog? log = null)
    {
        var services = new ServiceCollection();
        var client = services.AddHttpClient(OidcMetadata.HttpClientName);
        if (log is not null) client.AddHttpMessageHandler(() => log);
        var clients = services.BuildServiceProvider().GetRequiredService<IHttpClientFactory>();
        return new IdTokenValidator(new OidcMetadata(clients, _clock), Options.Create(new SignInOptions()), _clock);
    }

    private IdentityProvider Provider(string issuerPath, string clientId) =>
        new("p-" + Guid.NewGuid().ToString("N")[..6], "corp", IdentityProviderKind.Oidc, fixture.Idp.IssuerUrl(issuerPath), clientId, IdentityProviderSettings.DefaultScopes,
            "sub", "email", "groups", [], DateTimeOffset.UtcNow);

    /// <summary>A real ID token from the provider's /corp issuer for client other-app, through its own code flow.</summary>
    private async Task<string> RealTokenAsync(string account)
    {
        var issuer = fixture.Idp.IssuerUrl("/corp");
        var pkce = PkceChallenge.Create();
        const string redirect = "http://127.0.0.1:9/cb";
        var authorize = new RequestUrl(issuer + "/auth").CreateAuthorizeUrl("other-app", "code", "openid email", redirect, state: "s", nonce: Nonce,
            codeChallenge: pkce.Challenge, codeChallengeMethod: PkceChallenge.Method);
        using var browser = new OidcUserAgent();
        var arrived = await browser.SignInAsync(new Uri(authorize), account);
        var code = HttpUtility.ParseQueryString(arrived.Query)["code"]!;
        using var http = new HttpClient();
        var tokens = await http.RequestAuthorizationCodeTokenAsync(new AuthorizationCodeTokenRequest
        {
            Address = issuer + "/token", ClientId = "other-app", ClientSecret = "other-app-secret", Code = code, CodeVerifier = pkce.Verifier, RedirectUri = redirect,
        });
        Assert.False(tokens.IsError, tokens.Error);
        return tokens.IdentityToken!;
    }

    /// <summary>The paths the validator fetched (discovery document, keys).</summary>
    private sealed class RequestLog : DelegatingHandler
    {
        public List<string> Paths { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (Paths) Paths.Add(request.RequestUri!.AbsolutePath);
            return base.SendAsync(request, cancellationToken);
        }
    }

    private static string Header(object header) => Base64Url.Encode(JsonSerializer.Serialize(header));
}
