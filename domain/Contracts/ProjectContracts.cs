namespace Paralus.Domain.Contracts;

public sealed record ProjectResource(string Id, string Name, string Description, DateTimeOffset CreatedAt, string ETag);

public sealed record CreateProjectRequest(string Name, string? Description = null);

public sealed record UpdateProjectRequest(string? Description = null);
