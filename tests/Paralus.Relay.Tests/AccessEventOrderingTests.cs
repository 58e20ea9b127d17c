using System.Net.Http.Json;
using Microsoft.Extensions.Hosting;
using Paralus.Domain.AccessEvents;
using Paralus.Domain.Contracts;
using Paralus.Infrastructure.Coordination;
using Paralus.Infrastructure.Messaging;
using Paralus.Relay.Access;
using Paralus.Relay.Coordination;

namespace Paralus.Relay.Tests;

/// <summary>
/// Redelivered, duplicated and late access events change nothing a second time: a relay goes by the directory
/// revision, and its snapshot only moves forward.
/// </summary>
[Collection(RelayStackCollection.Name)]
public sealed class AccessEventOrderingTests(RelayStack stack)
{
    [Fact]
    public async Task DuplicateAndStaleEvents_LeaveTheSnapshotAlone_ANewerOneRefreshesIt()
    {
        var (directory, listener) = await FirstRelayUpToDateAsync();
        var current = directory.Current!;
        var organization = current.View.Organization.Id;
        var revision = current.View.Revision;

        foreach (var replayed in new[] { revision, revision - 1, 1 })
        {
            var settled = await listener.HandleAsync(Received(new AccessEvent(organization, replayed, DateTimeOffset.UtcNow,
                [new AccessChange(AccessEventTypes.UserDeactivated, UserId: "u-replayed")])), CancellationToken.None);
            Assert.Equal(MessageSettlementKind.Accept, settled.Kind);
            Assert.Same(current, directory.Current);
        }

        // A real change, announced: the same handler moves the snapshot to its revision.
        using var admin = stack.Admin();
        var user = $"ordering-{stack.Cluster.RunId}@example.com";
        (await admin.PostAsJsonAsync("/api/v1/users", new CreateUserRequest(user, Password: RelayStack.Password))).EnsureSuccessStatusCode();
        var newer = new AccessEvent(organization, revision + 1, DateTimeOffset.UtcNow, [new AccessChange(AccessEventTypes.MembershipAdded, UserId: "u-new")]);
        Assert.Equal(MessageSettlementKind.Accept, (await listener.HandleAsync(Received(newer), CancellationToken.None)).Kind);
        Assert.True(directory.Current!.View.Revision > revision);
        Assert.NotNull(directory.Current.View.UserByName(user));
    }

    [Fact]
    public async Task AnEventOfAnotherOrganization_IsAcceptedAndIgnored_AnUnknownSchemaIsRejected()
    {
        var (directory, listener) = await FirstRelayUpToDateAsync();
        var current = directory.Current!;

        var foreign = new AccessEvent("another-org", current.View.Revision + 100, DateTimeOffset.UtcNow, [new AccessChange(AccessEventTypes.UserDeleted, UserId: "u")]);
        Assert.Equal(MessageSettlementKind.Accept, (await listener.HandleAsync(Received(foreign), CancellationToken.None)).Kind);
        Assert.Same(current, directory.Current);

        var future = Received(foreign) with { SchemaVersion = 2 };
        var refused = await listener.HandleAsync(future, CancellationToken.None);
        Assert.Equal(MessageSettlementKind.Reject, refused.Kind);
        Assert.Contains("schema version 2", refused.Reason);
    }

    private static ReceivedMessage Received(AccessEvent accessEvent)
    {
        var message = AccessEventMessage.ToMessage(accessEvent);
        return new ReceivedMessage(message.MessageId, message.Type, message.SchemaVersion, message.Body, 0);
    }

    /// <summary>Relay 0's directory, refreshed to the current revision, and its access-event listener.</summary>
    private async Task<(RelayDirectory Directory, AccessEventListener Listener)> FirstRelayUpToDateAsync()
    {
        var services = stack.RelayServices(0);
        var directory = services.GetRequiredService<RelayDirectory>();
        await directory.RefreshAsync(CancellationToken.None);
        return (directory, services.GetServices<IHostedService>().OfType<AccessEventListener>().Single());
    }
}
