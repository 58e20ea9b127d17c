namespace Paralus.Domain.Contracts;

/// <summary>
/// Durations in whole seconds. <see cref="RequireSecondFactorForAdmins"/>: local accounts with an administrative role
/// must add an authenticator app before they may do anything else.
/// </summary>
public sealed record OrganizationSettingsResource(
    long KubeconfigValiditySeconds,
    long KubeconfigMaxValiditySeconds,
    long ServiceAccountInactivityTimeoutSeconds,
    long AuditRetentionSeconds,
    bool RequireSecondFactorForAdmins,
    string ETag);

/// <summary>PATCH semantics: null members stay as they are.</summary>
public sealed record UpdateOrganizationSettingsRequest(
    long? KubeconfigValiditySeconds = null,
    long? KubeconfigMaxValiditySeconds = null,
    long? ServiceAccountInactivityTimeoutSeconds = null,
    long? AuditRetentionSeconds = null,
    bool? RequireSecondFactorForAdmins = null);
