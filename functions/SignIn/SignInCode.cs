using Paralus.Infrastructure.Identity;

namespace Paralus.Functions.SignIn;

/// <summary>
/// The one-time code handed to the client's loopback redirect after a sign-in, redeemable once, within a minute, by
/// the holder of the PKCE verifier, for the same redirect URI.
/// </summary>
internal sealed record SignInCode(string UserId, string ProviderId, string ClientChallenge, string ClientRedirectUri, string? ProtectedProviderRefreshToken)
    : ISignInRecord
{
    public static string Kind => "code";
}
