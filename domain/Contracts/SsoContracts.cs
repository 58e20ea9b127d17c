namespace Paralus.Domain.Contracts;

/// <summary>A provider people can sign in with, as the unauthenticated sign-in page lists it.</summary>
public sealed record SsoProviderResource(string Name, string Kind);

/// <summary>
/// <c>POST /api/v1/sso/token</c>. <see cref="GrantType"/> names the grant as OAuth does:
/// <c>authorization_code</c> (with <see cref="Code"/>, <see cref="CodeVerifier"/> and <see cref="RedirectUri"/>),
/// <c>refresh_token</c> (with <see cref="RefreshToken"/>) or <c>urn:ietf:params:oauth:grant-type:device_code</c>
/// (with <see cref="DeviceCode"/>).
/// </summary>
public sealed record SsoTokenRequest(
    string GrantType,
    string? Code = null,
    string? CodeVerifier = null,
    string? RedirectUri = null,
    string? RefreshToken = null,
    string? DeviceCode = null)
{
    public const string AuthorizationCodeGrant = "authorization_code";
    public const string RefreshTokenGrant = "refresh_token";
    public const string DeviceCodeGrant = "urn:ietf:params:oauth:grant-type:device_code";
}

/// <summary>
/// A Paralus session from company sign-in: <see cref="Token"/> as with local login, and a single-use
/// <see cref="RefreshToken"/> that gets the next one (the provider is asked again, so groups are current).
/// </summary>
public sealed record SsoTokenResponse(
    string Token,
    DateTimeOffset ExpiresAt,
    string User,
    string IdentityProvider,
    string RefreshToken,
    DateTimeOffset RefreshExpiresAt);

/// <summary>
/// A device sign-in started at the provider: show <see cref="VerificationUri"/> and <see cref="UserCode"/>, then poll
/// <c>/api/v1/sso/token</c> with <see cref="DeviceCode"/> every <see cref="IntervalSeconds"/> until <see cref="ExpiresAt"/>.
/// </summary>
public sealed record DeviceAuthorizationResponse(
    string DeviceCode,
    string UserCode,
    string VerificationUri,
    string? VerificationUriComplete,
    DateTimeOffset ExpiresAt,
    int IntervalSeconds);

/// <summary>Ends the refresh session of <see cref="RefreshToken"/>; signing out twice is not an error.</summary>
public sealed record SsoLogoutRequest(string RefreshToken);

/// <summary>
/// The <c>error</c> member of a token endpoint's problem answer, as in OAuth: the device flow's client keeps polling on
/// <see cref="AuthorizationPending"/>, waits longer on <see cref="SlowDown"/>, and stops on anything else.
/// </summary>
public static class SsoErrors
{
    public const string AuthorizationPending = "authorization_pending";
    public const string SlowDown = "slow_down";
    public const string ExpiredToken = "expired_token";
    public const string AccessDenied = "access_denied";
    public const string InvalidGrant = "invalid_grant";
}
