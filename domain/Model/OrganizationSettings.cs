namespace Paralus.Domain.Model;

/// <summary>
/// <see cref="RequireSecondFactorForAdmins"/>: a local account holding an administrative role (<see cref="Role.IsAdministrative"/>)
/// must add an authenticator app before it may do anything else. Company accounts get their second factor from their provider.
/// </summary>
public sealed record OrganizationSettings(
    TimeSpan KubeconfigValidity,
    TimeSpan KubeconfigMaxValidity,
    TimeSpan ServiceAccountInactivityTimeout,
    TimeSpan AuditRetention,
    bool RequireSecondFactorForAdmins = false)
{
    public static OrganizationSettings Defaults { get; } = new(
        KubeconfigValidity: TimeSpan.FromHours(8),
        KubeconfigMaxValidity: TimeSpan.FromDays(30),
        ServiceAccountInactivityTimeout: TimeSpan.FromHours(8),
        AuditRetention: TimeSpan.FromDays(90));
}
