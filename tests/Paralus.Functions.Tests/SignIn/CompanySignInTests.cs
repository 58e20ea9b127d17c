using System.Net;
using System.Net.Http.Json;
using Paralus.Domain.Contracts;
using Paralus.Functions.Tests.Infrastructure;

namespace Paralus.Functions.Tests.SignIn;

/// <summary>Company sign-in through a real OIDC provider, driven over HTTP as the CLI and a browser would.</summary>
[Collection(SignInCollection.Name)]
public sealed class CompanySignInTests(SignInFixture fixture)
{
    [Fact]
    public async Task BrowserSignIn_CreatesTheSsoUser_WithMappedGroups_AndASessionTheApiAccepts()
    {
        var provider = fixture.Corp;

        var session = await fixture.SignInAsync(provider, "alice");

        Assert.Equal("alice@corp.example", session.User);
        Assert.Equal(provider, session.IdentityProvider);
        Assert.True(session.RefreshExpiresAt > session.ExpiresAt);
        using var client = fixture.Server.Client(session.Token);
        var me = await (await client.GetAsync("/api/v1/auth/whoami")).ReadAsync<WhoAmIResponse>();
        Assert.Equal("External", me.Kind);
        Assert.Equal(provider, me.IdentityProvider);
        Assert.Contains("developers", me.Groups);
        Assert.Equal(session.ExpiresAt.ToUnixTimeSeconds(), me.ExpiresAt?.ToUnixTimeSeconds());
        using var admin = fixture.Admin();
        var user = await (await admin.GetAsync("/api/v1/users/alice@corp.example")).ReadAsync<UserResource>();
        Assert.Equal(fixture.Idp.IssuerUrl("/corp"), user.Issuer);
        Assert.Equal("alice", user.Subject);
    }

    [Fact]
    public async Task ClientSecret_IsNeverReturned_NorStoredInTheClear()
    {
        using var admin = fixture.Admin();

        var provider = await (await admin.GetAsync($"/api/v1/idps/{fixture.Corp}")).ReadAsync<IdentityProviderResource>();
        var listed = await admin.GetStringAsync("/api/v1/idps");
        var stored = await RawTableRows.ReadAsync(fixture.Azurite.ConnectionString, table => table.StartsWith(fixture.Server.TablePrefix, StringComparison.Ordinal));

        Assert.True(provider.HasClientSecret);
        Assert.Equal($"{fixture.Server.BaseAddress.AbsoluteUri.TrimEnd('/')}/api/v1/sso/callback", provider.RedirectUri);
        Assert.DoesNotContain(SignInFixture.CorpSecret, listed);
        Assert.DoesNotContain(stored, row => row.Strings.Any(value => value.Contains(SignInFixture.CorpSecret, StringComparison.Ordinal)));
        Assert.Contains(stored, row => row.Table.EndsWith("idpsecrets", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReplacedClientSecret_TakesEffect_AndAWrongOneEndsSignInWithTheProvidersAnswer()
    {
        using var admin = fixture.Admin();
        (await admin.PatchJsonAsync($"/api/v1/idps/{fixture.Other}", new UpdateIdentityProviderRequest(ClientSecret: "not-the-secret"))).EnsureSuccessStatusCode();
        BrowserSignIn refused;
        try
        {
            refused = await fixture.SignInWithBrowserAsync(fixture.Other, "alice-elsewhere");
        }
        finally
        {
            (await admin.PatchJsonAsync($"/api/v1/idps/{fixture.Other}", new UpdateIdentityProviderRequest(ClientSecret: "other-client-secret"))).EnsureSuccessStatusCode();
        }

        Assert.Equal(SsoErrors.AccessDenied, refused.Error);
        Assert.Contains("client authentication failed", refused.ErrorDescription);
    }

    [Fact]
    public async Task ProviderThatCannotBeReached_Is502_SayingWhich()
    {
        using var admin = fixture.Admin();
        var name = ApiCalls.Unique("down");
        (await admin.PostAsJsonAsync("/api/v1/idps", new CreateIdentityProviderRequest(name, "paralus", Issuer: "http://127.0.0.1:9/down"))).EnsureSuccessStatusCode();
        using var client = NoRedirects();

        using var response = await client.GetAsync($"/api/v1/sso/{name}/authorize?redirect_uri={Uri.EscapeDataString(SsoSignIn.LoopbackRedirect)}"
            + $"&code_challenge={new string('A', 43)}&code_challenge_method=S256&state=s1");

        Assert.Contains("http://127.0.0.1:9/down", await response.ProblemAsync(HttpStatusCode.BadGateway));
    }

    [Fact]
    public async Task ProviderGoneAtTheCallback_SendsTheClientAnError_SoItNeedNotWaitForItsTimeout()
    {
        // A provider whose discovery document answers and whose token endpoint is gone.
        var port = FreePort.Next();
        var issuer = $"http://127.0.0.1:{port}/gone";
        var provider = WebApplication.CreateSlimBuilder();
        provider.WebHost.UseUrls($"http://127.0.0.1:{port}");
        await using var app = provider.Build();
        app.MapGet("/gone/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = issuer, ["authorization_endpoint"] = issuer + "/auth", ["token_endpoint"] = "http://127.0.0.1:9/token", ["jwks_uri"] = issuer + "/jwks",
        }));
        app.MapGet("/gone/jwks", () => Results.Json(new { keys = Array.Empty<object>() }));
        await app.StartAsync();
        using var admin = fixture.Admin();
        var name = ApiCalls.Unique("gone");
        (await admin.PostAsJsonAsync("/api/v1/idps", new CreateIdentityProviderRequest(name, "paralus", Issuer: issuer, ClientSecret: "s"))).EnsureSuccessStatusCode();
        using var client = NoRedirects();
        using var authorize = await client.GetAsync($"/api/v1/sso/{name}/authorize?redirect_uri={Uri.EscapeDataString(SsoSignIn.LoopbackRedirect)}"
            + $"&code_challenge={new string('A', 43)}&code_challenge_method=S256&state=client-state");
        var state = System.Web.HttpUtility.ParseQueryString(authorize.Headers.Location!.Query)["state"];

        using var callback = await client.GetAsync($"/api/v1/sso/callback?code=from-the-provider&state={state}");

        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        var answer = System.Web.HttpUtility.ParseQueryString(callback.Headers.Location!.Query);
        Assert.StartsWith(SsoSignIn.LoopbackRedirect, callback.Headers.Location.ToString(), StringComparison.Ordinal);
        Assert.Equal("temporarily_unavailable", answer["error"]);
        Assert.Equal("client-state", answer["state"]);
    }

    [Fact]
    public async Task Code_IsSpentOnFirstUse_AndAReplayGetsNothing()
    {
        var provider = fixture.Corp;
        var signIn = await fixture.SignInWithBrowserAsync(provider, "bob");
        Assert.Equal(signIn.State, signIn.ReturnedState);

        using var first = await fixture.RedeemAsync(signIn);
        await first.ReadAsync<SsoTokenResponse>();
        using var replay = await fixture.RedeemAsync(signIn);

        Assert.Equal(SsoErrors.InvalidGrant, await ApiCalls.ProblemErrorAsync(replay));
    }

    [Fact]
    public async Task Code_WithAnotherPkceVerifierOrRedirect_IsRefused_AndSpent()
    {
        var provider = fixture.Corp;
        var signIn = await fixture.SignInWithBrowserAsync(provider, "carol");

        using var wrongVerifier = await fixture.RedeemAsync(signIn, verifier: new string('a', 43));
        Assert.Equal(SsoErrors.InvalidGrant, await ApiCalls.ProblemErrorAsync(wrongVerifier));
        // An attacker who saw the code and guessed wrong has burnt it: the real client cannot be raced into a second use either.
        using var afterwards = await fixture.RedeemAsync(signIn);
        Assert.Equal(SsoErrors.InvalidGrant, await ApiCalls.ProblemErrorAsync(afterwards));

        var again = await fixture.SignInWithBrowserAsync(provider, "carol");
        using var wrongRedirect = await fixture.RedeemAsync(again, redirectUri: "http://127.0.0.1:1/callback");
        Assert.Equal(SsoErrors.InvalidGrant, await ApiCalls.ProblemErrorAsync(wrongRedirect));
    }

    [Theory]
    [InlineData("https://evil.example/callback")]
    [InlineData("http://evil.example:8080/callback")]
    [InlineData("http://127.0.0.1/callback")]
    [InlineData("http://127.0.0.1:8080/callback?next=https://evil.example")]
    [InlineData("javascript:alert(1)")]
    public async Task Authorize_WithARedirectThatIsNotALoopbackListener_IsRefused_WithoutRedirecting(string redirectUri)
    {
        var provider = fixture.Corp;
        using var client = NoRedirects();

        using var response = await client.GetAsync($"/api/v1/sso/{provider}/authorize?redirect_uri={Uri.EscapeDataString(redirectUri)}"
            + $"&code_challenge={new string('A', 43)}&code_challenge_method=S256&state=s1");

        Assert.Null(response.Headers.Location);
        Assert.Contains("redirect_uri", await response.ProblemAsync(HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task Authorize_WithoutS256Pkce_IsRefused()
    {
        var provider = fixture.Corp;
        using var client = NoRedirects();

        using var plain = await client.GetAsync($"/api/v1/sso/{provider}/authorize?redirect_uri={Uri.EscapeDataString("http://127.0.0.1:5000/cb")}&code_challenge={new string('A', 43)}&code_challenge_method=plain&state=s");
        using var none = await client.GetAsync($"/api/v1/sso/{provider}/authorize?redirect_uri={Uri.EscapeDataString("http://127.0.0.1:5000/cb")}&state=s");

        Assert.Equal(HttpStatusCode.BadRequest, plain.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
    }

    [Fact]
    public async Task Callback_WithAnUnknownState_IsRefused_AndRedirectsNowhere()
    {
        using var client = NoRedirects();

        using var response = await client.GetAsync("/api/v1/sso/callback?code=stolen&state=made-up");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Equal(SsoErrors.InvalidGrant, await ApiCalls.ProblemErrorAsync(response));
    }

    [Fact]
    public async Task SameEmail_FromAnotherProvider_DoesNotTakeOverTheAccount()
    {
        var corp = fixture.Corp;
        var other = fixture.Other;
        var owner = await fixture.SignInAsync(corp, "dave");

        // An account at the other provider claiming dave's address.
        await fixture.Idp.SetAccountAsync("/other", "dave-elsewhere", new OidcAccount(Email: "dave@corp.example", Groups: ["devs"]));
        var intruder = await fixture.SignInWithBrowserAsync(other, "dave-elsewhere");

        Assert.Null(intruder.Code);
        Assert.Equal(SsoErrors.AccessDenied, intruder.Error);
        Assert.Contains("belongs to another account", intruder.ErrorDescription);
        using var admin = fixture.Admin();
        var user = await (await admin.GetAsync($"/api/v1/users/{owner.User}")).ReadAsync<UserResource>();
        Assert.Equal("dave", user.Subject);
        Assert.Equal(fixture.Idp.IssuerUrl("/corp"), user.Issuer);
    }

    [Fact]
    public async Task Refresh_RotatesTheRefreshToken_AndTakesGroupChangesFromTheProvider()
    {
        var provider = fixture.Corp;
        var session = await fixture.SignInAsync(provider, "erin");
        await fixture.Idp.SetAccountAsync("/corp", "erin", new OidcAccount(Email: "erin@corp.example", Groups: []));

        using var client = fixture.Server.Client();
        using var refreshed = await client.PostAsJsonAsync("/api/v1/sso/token", new SsoTokenRequest(SsoTokenRequest.RefreshTokenGrant, RefreshToken: session.RefreshToken));
        var next = await refreshed.ReadAsync<SsoTokenResponse>();
        using var reused = await client.PostAsJsonAsync("/api/v1/sso/token", new SsoTokenRequest(SsoTokenRequest.RefreshTokenGrant, RefreshToken: session.RefreshToken));

        Assert.NotEqual(session.RefreshToken, next.RefreshToken);
        Assert.Equal(session.RefreshExpiresAt, next.RefreshExpiresAt);
        Assert.Equal(SsoErrors.InvalidGrant, await ApiCalls.ProblemErrorAsync(reused));
        using var me = fixture.Server.Client(next.Token);
        var identity = await (await me.GetAsync("/api/v1/auth/whoami")).ReadAsync<WhoAmIResponse>();
        Assert.DoesNotContain("developers", identity.Groups);
    }

    [Fact]
    public async Task Logout_EndsTheRefreshSession()
    {
        var provider = fixture.Corp;
        var session = await fixture.SignInAsync(provider, "frank");
        using var client = fixture.Server.Client();

        using var logout = await client.PostAsJsonAsync("/api/v1/sso/logout", new SsoLogoutRequest(session.RefreshToken));
        using var twice = await client.PostAsJsonAsync("/api/v1/sso/logout", new SsoLogoutRequest(session.RefreshToken));
        using var refresh = await client.PostAsJsonAsync("/api/v1/sso/token", new SsoTokenRequest(SsoTokenRequest.RefreshTokenGrant, RefreshToken: session.RefreshToken));

        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, twice.StatusCode);
        Assert.Equal(SsoErrors.InvalidGrant, await ApiCalls.ProblemErrorAsync(refresh));
    }

    [Fact]
    public async Task DeviceSignIn_PendsUntilThePersonApproves_ThenGivesASession()
    {
        var provider = fixture.Corp;
        using var client = fixture.Server.Client();
        var device = await (await client.PostAsync($"/api/v1/sso/{provider}/device", null)).ReadAsync<DeviceAuthorizationResponse>();
        var poll = new SsoTokenRequest(SsoTokenRequest.DeviceCodeGrant, DeviceCode: device.DeviceCode);

        using var pending = await client.PostAsJsonAsync("/api/v1/sso/token", poll);
        Assert.Equal(SsoErrors.AuthorizationPending, await ApiCalls.ProblemErrorAsync(pending));
        using var tooFast = await client.PostAsJsonAsync("/api/v1/sso/token", poll);
        Assert.Equal(SsoErrors.SlowDown, await ApiCalls.ProblemErrorAsync(tooFast));

        using var browser = new OidcUserAgent();
        await browser.ApproveDeviceAsync(new Uri(device.VerificationUri), "alice", device.UserCode);
        SsoTokenResponse? session = null;
        var interval = device.IntervalSeconds + 5;
        for (var attempt = 0; attempt < 5 && session is null; attempt++)
        {
            await Task.Delay(TimeSpan.FromSeconds(interval));
            using var answer = await client.PostAsJsonAsync("/api/v1/sso/token", poll);
            if (answer.IsSuccessStatusCode) session = await answer.ReadAsync<SsoTokenResponse>();
            else if (await ApiCalls.ProblemErrorAsync(answer) == SsoErrors.SlowDown) interval += 5;
        }

        Assert.NotNull(session);
        Assert.Equal("alice@corp.example", session.User);
        using var spent = await client.PostAsJsonAsync("/api/v1/sso/token", poll);
        Assert.Equal(SsoErrors.ExpiredToken, await ApiCalls.ProblemErrorAsync(spent));
    }

    [Fact]
    public async Task EntraShapedProvider_SignsInByObjectId_AndRefusesAnotherTenant()
    {
        var provider = fixture.Entra;

        var eve = await fixture.SignInAsync(provider, "eve");
        var mallory = await fixture.SignInWithBrowserAsync(provider, "mallory");

        Assert.Equal("eve@tenant.example", eve.User);
        using var admin = fixture.Admin();
        var user = await (await admin.GetAsync("/api/v1/users/eve@tenant.example")).ReadAsync<UserResource>();
        Assert.Equal("0b6d6a9e-eve", user.Subject);
        Assert.Equal(SsoErrors.AccessDenied, mallory.Error);
        Assert.Contains("another tenant", mallory.ErrorDescription);
    }

    [Fact]
    public async Task EntraGroupsOverage_IsResolvedThroughGraph_GroupsOnly_AcrossPages()
    {
        var session = await fixture.SignInAsync(fixture.Entra, "olivia");

        using var me = fixture.Server.Client(session.Token);
        var identity = await (await me.GetAsync("/api/v1/auth/whoami")).ReadAsync<WhoAmIResponse>();
        // g-5 is on Graph's third page; the directory role is in Graph's answer but is no group.
        Assert.Contains("graph-developers", identity.Groups);
        Assert.DoesNotContain("graph-admins", identity.Groups);
    }

    [Fact]
    public async Task GroupsOverage_FromAnOidcProvider_IsRefused_RatherThanSigningInWithoutGroups()
    {
        var provider = fixture.Corp;

        var signIn = await fixture.SignInWithBrowserAsync(provider, "overage");

        Assert.Equal(SsoErrors.AccessDenied, signIn.Error);
        Assert.Contains("overage", signIn.ErrorDescription);
    }

    [Fact]
    public async Task KeyRotation_AtTheProvider_DoesNotBreakSignIn()
    {
        var provider = fixture.Corp;
        await fixture.SignInAsync(provider, "bob");

        await fixture.Idp.RotateKeysAsync("/corp");
        var after = await fixture.SignInAsync(provider, "bob");

        Assert.Equal("bob@corp.example", after.User);
    }

    private HttpClient NoRedirects() => new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = fixture.Server.BaseAddress };
}
