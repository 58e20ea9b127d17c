namespace Paralus.Domain.Model;

/// <summary>
/// A key for automation acting as <see cref="UserId"/>, within <see cref="Scope"/>. Only a hash of the secret is kept.
/// Refused from <see cref="ExpiresAt"/> on, if set.
/// </summary>
public sealed record ApiKey(string Id, string UserId, string Description, string SecretHash, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt = null,
    ApiKeyScope Scope = ApiKeyScope.Full) : IDirectoryEntity
{
    /// <summary>The scope's name on the wire and in the CLI.</summary>
    public static string ScopeName(ApiKeyScope scope) => scope == ApiKeyScope.ReadOnly ? "read-only" : "full";

    /// <summary>Null when <paramref name="name"/> names no scope.</summary>
    public static ApiKeyScope? ScopeNamed(string name) => name switch { "full" => ApiKeyScope.Full, "read-only" => ApiKeyScope.ReadOnly, _ => null };

    public bool HasExpired(DateTimeOffset now) => ExpiresAt is { } expires && now >= expires;
}
