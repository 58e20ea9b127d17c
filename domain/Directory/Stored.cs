namespace Paralus.Domain.Directory;

/// <summary>An entity with the ETag of its row, the version an update must match.</summary>
public sealed record Stored<T>(T Value, string ETag);
