namespace Paralus.Domain.Contracts;

/// <summary>Without <see cref="ExpiresAt"/> the key works until it is deleted; <see cref="Scope"/> is "full" (the default) or "read-only".</summary>
public sealed record CreateApiKeyRequest(string? Description = null, DateTimeOffset? ExpiresAt = null, string? Scope = null);

/// <summary>The full key (<c>&lt;id&gt;.&lt;secret&gt;</c>) is shown only in the response that creates it; only a hash is stored.</summary>
public sealed record CreatedApiKeyResponse(string Id, string Key, string Description, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt = null, string Scope = "full");

public sealed record ApiKeyResource(string Id, string User, string Description, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? ExpiresAt = null, string Scope = "full");
