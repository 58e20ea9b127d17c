using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Paralus.Domain.Directory;
using Paralus.Domain.Policy;
using Paralus.Infrastructure.Storage;
using Paralus.Relay.Configuration;

namespace Paralus.Bench.Revocation;

/// <summary>
/// What a relay does on every access event before it can refuse or end anything, timed alone: re-read the
/// organization's directory partition from storage and build the policy snapshot from it (as
/// <c>RelayDirectory.RefreshAsync</c> does). Same process, same Azurite, after the revocations.
/// </summary>
internal static class RefreshCostProbe
{
    public static async Task<RefreshCost> MeasureAsync(IServiceProvider controlPlane, int samples)
    {
        var repository = controlPlane.GetRequiredService<DirectoryRepository>();
        var organization = new RelayOptions().OrganizationName;
        var organizationId = await repository.FindOrganizationIdAsync(organization, CancellationToken.None)
            ?? throw new InvalidOperationException($"organization '{organization}' not found");
        var (load, build) = (new List<double?>(samples), new List<double?>(samples));
        DirectoryView? view = null;
        for (var i = 0; i < samples; i++)
        {
            var started = Stopwatch.GetTimestamp();
            view = await repository.LoadAsync(organizationId, CancellationToken.None);
            var loaded = Stopwatch.GetTimestamp();
            PolicySnapshot.Build(view.State, view.Revision);
            load.Add(Stopwatch.GetElapsedTime(started, loaded).TotalMilliseconds);
            build.Add(Stopwatch.GetElapsedTime(loaded).TotalMilliseconds);
        }
        return new RefreshCost(view!.Users.Count, view.Bindings.Count, view.Memberships.Count, Spread.Of(load), Spread.Of(build));
    }
}
