namespace Paralus.Core.Domain;

/// <summary>A key for automation acting as <see cref="UserId"/>. Only a hash of the secret is kept. Refused from <see cref="ExpiresAt"/> on, if set.</summary>
public sealed record ApiKey(string Id, string UserId, string Description, string SecretHash, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt = null)
{
    public bool HasExpired(DateTimeOffset now) => ExpiresAt is { } expires && now >= expires;
}
