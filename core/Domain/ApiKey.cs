namespace Paralus.Core.Domain;

/// <summary>A key for automation acting as <see cref="UserId"/>. Only a hash of the secret is kept.</summary>
public sealed record ApiKey(string Id, string UserId, string Description, string SecretHash, DateTimeOffset CreatedAt);
