namespace Paralus.Domain.Security;

/// <summary>
/// Who an identity provider says signed in, taken from an ID token that has passed validation (signature, issuer,
/// audience, lifetime, nonce): the provider's issuer and the person's subject, the user name to give a new user, and
/// the provider's groups for them (names or object ids).
/// </summary>
public sealed record ValidatedIdentity(string Issuer, string Subject, string Username, IReadOnlyList<string> Groups);
