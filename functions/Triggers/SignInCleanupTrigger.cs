using Paralus.Functions.Configuration;
using Paralus.Infrastructure.Identity;

namespace Paralus.Functions.Triggers;

/// <summary>
/// Timer function "signin-cleanup": deletes sign-in state past its end (browser sign-ins never finished, codes never
/// redeemed, device sign-ins given up, refresh sessions over), which nothing else would ever read again.
/// </summary>
internal sealed class SignInCleanupTrigger(SignInStore store, ServedOrganization organization) : ITimerFunction
{
    public const string FunctionName = "signin-cleanup";

    public string Name => FunctionName;

    public TimeSpan LocalPeriod => TimeSpan.FromMinutes(30);

    public async Task<string> RunAsync(CancellationToken cancellationToken) =>
        $"deleted {await store.DeleteExpiredAsync(organization.Id, cancellationToken)} expired sign-in rows";
}
