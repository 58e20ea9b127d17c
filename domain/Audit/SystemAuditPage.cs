namespace Paralus.Domain.Audit;

public sealed record SystemAuditPage(IReadOnlyList<SystemAuditEvent> Items, string? Continue);
