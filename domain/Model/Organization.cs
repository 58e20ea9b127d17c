namespace Paralus.Domain.Model;

/// <summary>A tenant. Every stored row is partitioned by its id, so several organizations can share one storage account.</summary>
public sealed record Organization(string Id, string Name, DateTimeOffset CreatedAt);
