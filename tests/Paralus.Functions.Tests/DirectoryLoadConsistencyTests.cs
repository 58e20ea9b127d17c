using Microsoft.Extensions.Options;
using Paralus.Domain.Directory;
using Paralus.Domain.Model;
using Paralus.Functions.Configuration;
using Paralus.Infrastructure.Storage;

namespace Paralus.Functions.Tests;

/// <summary>
/// A directory partition bigger than one query page, read while commits land. A view must never claim a revision
/// whose changes it lacks: a relay holding such a view would think itself current and keep granting access that a
/// later-read row already took away, until the next change.
/// </summary>
public sealed class DirectoryLoadConsistencyTests
{
    private const int Groups = 1_200;
    private const int Commits = 30;

    [Fact]
    public async Task Load_WhileCommitsLand_HoldsEveryChangeUpToItsRevision()
    {
        await using var azurite = await AzuriteServer.StartAsync();
        await using var server = await ControlPlaneServer.StartAsync(azurite, "consist" + Guid.NewGuid().ToString("N")[..8],
            Directory.CreateTempSubdirectory("paralus-state-").FullName);
        var repository = server.Services.GetRequiredService<DirectoryRepository>();
        var writer = server.Services.GetRequiredService<DirectoryWriter>();
        var organizationId = (await repository.FindOrganizationIdAsync(server.Services.GetRequiredService<IOptions<ControlPlaneOptions>>().Value.OrganizationName, CancellationToken.None))!;

        // Group rows sort after binding rows and before the revision row, so the revision row is on a later page
        // than the bindings committed below.
        var now = DateTimeOffset.UtcNow;
        var bulk = new DirectoryChangeSet();
        for (var i = 0; i < Groups; i++)
        {
            var id = $"g{i:D5}";
            bulk.Create(new Group(id, $"bulk-{i}", "", GroupKind.Custom, now));
        }
        Assert.True((await writer.MutateAsync(organizationId, _ => Mutation.Apply(bulk, true), CancellationToken.None)).Succeeded);
        var roleId = (await repository.LoadAsync(organizationId, CancellationToken.None)).Roles.Keys.First();

        var committed = new List<(string BindingId, long RevisionAfter)>();
        var loaded = new List<(long Revision, HashSet<string> Bindings)>();
        using var done = new CancellationTokenSource();
        var loads = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                var view = await repository.LoadAsync(organizationId, CancellationToken.None);
                loaded.Add((view.Revision, view.Bindings.Keys.ToHashSet()));
            }
        });
        for (var i = 0; i < Commits; i++)
        {
            var id = $"b{i:D5}";
            var binding = new RoleBinding(id, SubjectRef.Group($"g{i:D5}"), roleId, BindingScope.Organization, now);
            Assert.True((await writer.MutateAsync(organizationId,
                _ => Mutation.Apply(new DirectoryChangeSet().Create(binding), true), CancellationToken.None)).Succeeded);
            committed.Add((id, (await repository.ReadRevisionAsync(organizationId, CancellationToken.None)).Revision));
            await Task.Delay(TimeSpan.FromMilliseconds(15));
        }
        await done.CancelAsync();
        await loads;

        Assert.True(loaded.Count >= 5, $"only {loaded.Count} loads ran alongside the commits");
        foreach (var (revision, bindings) in loaded)
        {
            var missing = committed.Where(c => c.RevisionAfter <= revision && !bindings.Contains(c.BindingId)).Select(c => c.BindingId).ToList();
            Assert.True(missing.Count == 0, $"a view labelled revision {revision} lacks {string.Join(", ", missing)}, committed at or before it");
        }
    }
}
