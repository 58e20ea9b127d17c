namespace Paralus.Functions.Pipeline;

/// <summary>A change an API handler makes: the permission it needs, and the action and target the audit records.</summary>
internal sealed record Operation(string Permission, string Action, string Target);
