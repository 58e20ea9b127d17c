namespace Paralus.Cli.Config;

/// <summary>
/// What <c>paralus login</c> remembers. <see cref="ExpiresAt"/> is null for an API key, which does not expire
/// on its own.
/// </summary>
internal sealed record CliConfig(string? Server = null, string? Token = null, DateTimeOffset? ExpiresAt = null, string? User = null);
