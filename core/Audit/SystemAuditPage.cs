namespace Paralus.Core.Audit;

public sealed record SystemAuditPage(IReadOnlyList<SystemAuditEvent> Items, string? Continue);
