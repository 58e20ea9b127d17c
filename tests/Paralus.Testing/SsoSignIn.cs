using System.Net.Http.Json;
using System.Web;
using Paralus.Domain.Contracts;
using Paralus.Domain.Security;

namespace Paralus.Testing;

/// <summary>
/// What <c>paralus login --sso</c> does against a control plane, with an <see cref="OidcUserAgent"/> playing the person:
/// authorize with PKCE, sign in at the provider, arrive at the loopback redirect, redeem the code.
/// </summary>
public static class SsoSignIn
{
    public const string LoopbackRedirect = "http://127.0.0.1:53682/callback";

    public static async Task<BrowserSignIn> WithBrowserAsync(Uri controlPlane, string provider, string account, OidcUserAgent? browser = null, string redirectUri = LoopbackRedirect)
    {
        var pkce = PkceChallenge.Create();
        var state = Guid.NewGuid().ToString("N");
        var authorize = new Uri(controlPlane,
            $"/api/v1/sso/{provider}/authorize?redirect_uri={Uri.EscapeDataString(redirectUri)}&code_challenge={pkce.Challenge}&code_challenge_method={PkceChallenge.Method}&state={state}");
        using var own = browser is null ? new OidcUserAgent() : null;
        var arrived = await (browser ?? own!).SignInAsync(authorize, account, new Uri(redirectUri));
        var query = HttpUtility.ParseQueryString(arrived.Query);
        return new BrowserSignIn(query["code"], query["state"], query["error"], query["error_description"], pkce.Verifier, state, redirectUri);
    }

    public static async Task<HttpResponseMessage> RedeemAsync(Uri controlPlane, BrowserSignIn signIn, string? verifier = null, string? redirectUri = null)
    {
        using var client = new HttpClient { BaseAddress = controlPlane };
        return await client.PostAsJsonAsync("/api/v1/sso/token",
            new SsoTokenRequest(SsoTokenRequest.AuthorizationCodeGrant, signIn.Code, verifier ?? signIn.Verifier, redirectUri ?? signIn.RedirectUri));
    }

    /// <summary>The whole sign-in; fails the test with the provider's or Paralus's reason when it does not end in a session.</summary>
    public static async Task<SsoTokenResponse> SessionAsync(Uri controlPlane, string provider, string account)
    {
        var signIn = await WithBrowserAsync(controlPlane, provider, account);
        if (signIn.Code is null) throw new InvalidOperationException($"sign-in of {account} ended with {signIn.Error}: {signIn.ErrorDescription}");
        using var response = await RedeemAsync(controlPlane, signIn);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"redeeming the code of {account}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<SsoTokenResponse>())!;
    }
}

/// <summary>Where the browser arrived at the loopback redirect, and the PKCE verifier and state the client kept.</summary>
public sealed record BrowserSignIn(string? Code, string? ReturnedState, string? Error, string? ErrorDescription, string Verifier, string State, string RedirectUri);
