namespace Paralus.Infrastructure.Identity;

/// <summary>
/// A local user's authenticator: the shared secret (encrypted at rest), whether it has been confirmed with a code,
/// the last time step accepted (a code works once), and the SHA-256 hashes of the unused recovery codes.
/// </summary>
public sealed record TotpEnrollment(byte[] Secret, bool Enabled, long LastStep, IReadOnlyList<string> RecoveryCodeHashes);
