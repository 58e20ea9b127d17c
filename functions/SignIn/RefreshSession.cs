using Paralus.Infrastructure.Identity;

namespace Paralus.Functions.SignIn;

/// <summary>
/// A company sign-in that may be extended without the person: each refresh token is used once and replaced, up to
/// <see cref="ExpiresAt"/>, which refreshing never moves. The provider's own refresh token (encrypted) lets each refresh
/// ask the provider again, so a person disabled or moved out of a group there loses that here too.
/// </summary>
internal sealed record RefreshSession(string UserId, string ProviderId, string? ProtectedProviderRefreshToken, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt)
    : ISignInRecord
{
    public static string Kind => "refresh";
}
