using Paralus.Infrastructure.Identity;

namespace Paralus.Functions.SignIn;

/// <summary>
/// A browser sign-in on its way through the provider, stored under the state sent to the provider. It remembers the
/// client's own redirect, PKCE challenge and state, and this sign-in's nonce and the verifier of Paralus's own PKCE
/// with the provider.
/// </summary>
internal sealed record PendingAuthorization(string ProviderId, string ClientRedirectUri, string ClientChallenge, string ClientState, string Nonce, string ProviderVerifier)
    : ISignInRecord
{
    public static string Kind => "authorize";
}
