namespace Paralus.Sandbox.Rbac;

/// <summary>An RBAC answer and, when allowed, the binding that allowed it.</summary>
internal sealed record AuthorizationDecision(bool Allowed, string Reason);
