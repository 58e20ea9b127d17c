namespace Paralus.Domain.Contracts;

/// <summary><see cref="Otp"/>: the authenticator's code (or a recovery code) of an account with a second factor.</summary>
public sealed record LoginRequest(string Username, string Password, string? Otp = null);

/// <summary>
/// <see cref="Token"/> goes into <c>Authorization: Bearer …</c> until <see cref="ExpiresAt"/>. <see cref="Restriction"/>
/// (<see cref="SessionRestrictions"/>), when set: the session may only change the password or add an authenticator.
/// </summary>
public sealed record LoginResponse(string Token, DateTimeOffset ExpiresAt, string User, string? Restriction = null);

/// <summary>A local account's own new password, proved by the current one.</summary>
public sealed record ChangePasswordRequest(string CurrentPassword, string NewPassword);

/// <summary>
/// The caller. <see cref="IdentityProvider"/> names the provider of an SSO user; <see cref="ExpiresAt"/> is when the
/// credential used ends (null for API keys without expiry); <see cref="Roles"/> every role binding that applies;
/// <see cref="Restriction"/> what a restricted session must do first.
/// </summary>
public sealed record WhoAmIResponse(
    string User,
    string Kind,
    IReadOnlyList<string> Groups,
    string AuthenticatedBy,
    string? IdentityProvider = null,
    DateTimeOffset? ExpiresAt = null,
    IReadOnlyList<EffectiveRole>? Roles = null,
    string? Restriction = null);

/// <summary>A role the caller holds: <see cref="Scope"/> <c>organization</c>, <c>project/P</c> or <c>project/P/namespace/N</c>; <see cref="Via"/> <c>user</c> or <c>group/G</c>.</summary>
public sealed record EffectiveRole(string Role, string Scope, string Via);

/// <summary>The answer of <c>GET /api/v1/authz/can-i</c>: allowed or not, and why.</summary>
public sealed record CanIResponse(bool Allowed, string User, string Permission, string Scope, string Reason);

/// <summary>An authenticator enrollment begun: add <see cref="Secret"/> (base32) or <see cref="Uri"/> (<c>otpauth://</c>, as a QR code) to an app, then confirm with a code.</summary>
public sealed record TotpEnrollmentResponse(string Secret, string Uri);

/// <summary>A code from the authenticator (six digits), or for <c>disable</c> also a recovery code.</summary>
public sealed record TotpCodeRequest(string Code);

/// <summary>Shown once: each recovery code signs in once in place of a one-time code.</summary>
public sealed record TotpRecoveryCodesResponse(IReadOnlyList<string> RecoveryCodes);
