namespace Paralus.Cli.Kubectl;

/// <summary>The bearer token and when kubectl must ask again (RFC 3339).</summary>
internal sealed record ExecCredentialStatus(string Token, string ExpirationTimestamp);
