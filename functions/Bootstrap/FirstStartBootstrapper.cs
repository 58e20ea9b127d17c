using Microsoft.Extensions.Options;
using Paralus.Domain.Audit;
using Paralus.Domain.Directory.Commands;
using Paralus.Domain.Model;
using Paralus.Domain.Security;
using Paralus.Functions.Configuration;
using Paralus.Infrastructure.Audit;
using Paralus.Infrastructure.Identity;
using Paralus.Infrastructure.Storage;

namespace Paralus.Functions.Bootstrap;

/// <summary>
/// On every start: makes sure the tables exist and the served organization is there. On the very first start it
/// creates the organization with the "default" project, the built-in roles and groups, and the first administrator,
/// whose random password goes to a 0600 file and is printed once. Runs before the server accepts requests.
/// </summary>
internal sealed partial class FirstStartBootstrapper(
    DirectoryRepository repository,
    DirectoryWriter writer,
    SystemAuditLog audit,
    ApiKeyUsageLog apiKeyUsage,
    ClusterPresenceLog clusterPresence,
    IdentityProviderSecrets identityProviderSecrets,
    SignInStore signIns,
    TotpEnrollments totpEnrollments,
    ServedOrganization served,
    IOptions<ControlPlaneOptions> options,
    TimeProvider time,
    ILogger<FirstStartBootstrapper> logger) : IHostedService
{
    private static readonly TimeSpan StorageWait = TimeSpan.FromSeconds(60);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await WaitForStorageAsync(cancellationToken);
        var settings = options.Value;
        var organizationId = await repository.FindOrganizationIdAsync(settings.OrganizationName, cancellationToken);
        if (organizationId is null)
        {
            var organization = new Organization("org-" + RandomTokens.Id(), settings.OrganizationName, time.GetUtcNow());
            if (await repository.TryCreateOrganizationAsync(organization, cancellationToken))
            {
                LogCreatedOrganization(logger, organization.Name, organization.Id);
            }
            organizationId = (await repository.FindOrganizationIdAsync(settings.OrganizationName, cancellationToken))!;
        }

        served.Set(organizationId);
        await SeedAsync(organizationId, settings, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task SeedAsync(string organizationId, ControlPlaneOptions settings, CancellationToken cancellationToken)
    {
        var adminPassword = RandomTokens.Password();
        var admin = new User("user-" + RandomTokens.Id(), settings.AdminUser, "Admin", "User", UserKind.Local, Active: true, time.GetUtcNow());
        var result = await writer.MutateAsync(organizationId, new SeedOrganization(admin, () => PasswordHasher.Hash(adminPassword), time.GetUtcNow()).Plan, cancellationToken);

        if (result.Error is { } error) throw new InvalidOperationException("First-start bootstrapping failed: " + error.Message);
        if (result.Value)
        {
            if (!SecretFile.TryWriteNew(settings.AdminPasswordFile, System.Text.Encoding.UTF8.GetBytes(adminPassword + "\n")))
            {
                File.WriteAllText(settings.AdminPasswordFile, adminPassword + "\n");
            }
            // Shown once, on the console only: it never goes through the logging pipeline.
            Console.WriteLine($"First administrator: {settings.AdminUser}  password: {adminPassword}  (also in {settings.AdminPasswordFile}, mode 0600)");
            await audit.WriteAsync(organizationId, new SystemAuditEvent(RandomTokens.Id(16), time.GetUtcNow(), "system", "organization.bootstrap",
                $"user/{settings.AdminUser}", null, AuditOutcome.Success, null, null, "first administrator created"), cancellationToken);
        }
    }

    private async Task WaitForStorageAsync(CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + StorageWait;
        while (true)
        {
            try
            {
                await repository.EnsureTablesAsync(cancellationToken);
                await audit.EnsureTablesAsync(cancellationToken);
                await apiKeyUsage.EnsureTableAsync(cancellationToken);
                await clusterPresence.EnsureTableAsync(cancellationToken);
                await identityProviderSecrets.EnsureTableAsync(cancellationToken);
                await signIns.EnsureTableAsync(cancellationToken);
                await totpEnrollments.EnsureTableAsync(cancellationToken);
                return;
            }
            catch (Exception e) when (e is Azure.RequestFailedException or HttpRequestException or AggregateException && time.GetUtcNow() < deadline)
            {
                LogWaitingForStorage(logger, e.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken);
            }
        }
    }

    [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "Created organization {Name} ({Id})")]
    private static partial void LogCreatedOrganization(ILogger logger, string name, string id);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Warning, Message = "Table Storage not reachable yet: {Reason}")]
    private static partial void LogWaitingForStorage(ILogger logger, string reason);
}
