namespace Paralus.Domain.Contracts;

/// <summary>Durations in whole seconds.</summary>
public sealed record OrganizationSettingsResource(
    long KubeconfigValiditySeconds,
    long KubeconfigMaxValiditySeconds,
    long ServiceAccountInactivityTimeoutSeconds,
    long AuditRetentionSeconds,
    string ETag);

/// <summary>PATCH semantics: null members stay as they are.</summary>
public sealed record UpdateOrganizationSettingsRequest(
    long? KubeconfigValiditySeconds = null,
    long? KubeconfigMaxValiditySeconds = null,
    long? ServiceAccountInactivityTimeoutSeconds = null,
    long? AuditRetentionSeconds = null);
