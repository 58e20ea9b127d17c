namespace Paralus.Domain.Audit;

/// <summary>The audit logs an organization has.</summary>
public static class AuditLogs
{
    /// <summary>What people did with kubectl through the relays.</summary>
    public const string Kubectl = "kubectl";

    /// <summary>What was done in the control plane: sign-ins and every change.</summary>
    public const string System = "system";
}
