namespace Paralus.Domain.Contracts;

public sealed record GroupResource(
    string Id,
    string Name,
    string Description,
    string Kind,
    IReadOnlyList<string> Members,
    DateTimeOffset CreatedAt,
    string ETag);

public sealed record CreateGroupRequest(string Name, string? Description = null);

/// <summary>PATCH semantics. Users are named by user name. An <c>If-Match</c> header makes it conditional.</summary>
public sealed record UpdateGroupRequest(string? Description = null, IReadOnlyList<string>? AddUsers = null, IReadOnlyList<string>? RemoveUsers = null);
