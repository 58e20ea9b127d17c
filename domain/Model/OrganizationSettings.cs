namespace Paralus.Domain.Model;

public sealed record OrganizationSettings(
    TimeSpan KubeconfigValidity,
    TimeSpan KubeconfigMaxValidity,
    TimeSpan ServiceAccountInactivityTimeout,
    TimeSpan AuditRetention)
{
    public static OrganizationSettings Defaults { get; } = new(
        KubeconfigValidity: TimeSpan.FromHours(8),
        KubeconfigMaxValidity: TimeSpan.FromDays(30),
        ServiceAccountInactivityTimeout: TimeSpan.FromHours(8),
        AuditRetention: TimeSpan.FromDays(90));
}
