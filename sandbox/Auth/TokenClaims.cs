namespace Paralus.Sandbox.Auth;

/// <summary>What a signed service-account token says: who it is for, for which audiences, until when.</summary>
internal sealed record TokenClaims(long ExpiresUnixSeconds, IReadOnlyList<string> Audiences, string Namespace, string Name, string Uid);
