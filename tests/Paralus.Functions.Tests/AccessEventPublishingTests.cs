using System.Diagnostics;
using System.Net.Http.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using Paralus.Domain.AccessEvents;
using Paralus.Domain.Contracts;
using Paralus.Functions.Tests.Infrastructure;
using Paralus.Infrastructure.Coordination;
using Paralus.Infrastructure.Messaging;

namespace Paralus.Functions.Tests;

/// <summary>
/// The control plane announces every change that can take access away on the local broker (RabbitMQ over AMQP 1.0),
/// as a subscriber of its own sees it; with the broker down, writes still succeed and the events wait in the outbox.
/// </summary>
public sealed class AccessEventPublishingTests(AccessEventPublishingTests.Stack stack) : IClassFixture<AccessEventPublishingTests.Stack>
{
    private static readonly TimeSpan Arrival = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task DeactivatingAUser_IsPublished_WithItsRevision()
    {
        using var admin = stack.Admin();
        var user = ApiCalls.Unique("dora") + "@example.com";
        var userId = (await (await admin.PostAsJsonAsync("/api/v1/users", new CreateUserRequest(user, Password: "a-password"))).ReadAsync<UserResource>(System.Net.HttpStatusCode.Created)).Id;
        // Creating a project takes nothing away, so its commit publishes nothing.
        (await admin.PostAsJsonAsync("/api/v1/projects", new CreateProjectRequest(ApiCalls.Unique("quiet")))).EnsureSuccessStatusCode();
        (await admin.PatchJsonAsync($"/api/v1/users/{user}", new UpdateUserRequest(Active: false))).EnsureSuccessStatusCode();

        // The new user joined "All Local Users" (which may grant access), then was deactivated; nothing in between.
        var joined = await stack.NextAboutAsync(userId);
        Assert.Equal(AccessEventTypes.MembershipAdded, joined.Type);
        var message = await stack.NextAboutAsync(userId);
        Assert.Equal(AccessEventTypes.UserDeactivated, message.Type);
        Assert.Equal(AccessEvent.SchemaVersion, message.SchemaVersion);
        var (published, refusal) = AccessEventMessage.Parse(message);
        Assert.Null(refusal);
        Assert.Equal($"{published!.OrganizationId}:{published.Revision}", message.MessageId);
        Assert.Equal(AccessEventMessage.Parse(joined).Event!.Revision + 2, published.Revision);
    }

    [Fact]
    public async Task GroupMembershipAndBindingChanges_ArePublished_InOrder()
    {
        using var admin = stack.Admin();
        var user = ApiCalls.Unique("tom") + "@example.com";
        var group = ApiCalls.Unique("Trainees Admin");
        var userId = (await (await admin.PostAsJsonAsync("/api/v1/users", new CreateUserRequest(user, Password: "a-password"))).ReadAsync<UserResource>(System.Net.HttpStatusCode.Created)).Id;
        (await admin.PostAsJsonAsync("/api/v1/groups", new CreateGroupRequest(group))).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/rolebindings", new CreateRoleBindingRequest("CLUSTER_ADMIN", User: user, Project: "default"))).EnsureSuccessStatusCode();
        (await admin.PatchJsonAsync($"/api/v1/groups/{Uri.EscapeDataString(group)}", new UpdateGroupRequest(AddUsers: [user]))).EnsureSuccessStatusCode();
        (await admin.PatchJsonAsync($"/api/v1/groups/{Uri.EscapeDataString(group)}", new UpdateGroupRequest(RemoveUsers: [user]))).EnsureSuccessStatusCode();

        string[] expected = [AccessEventTypes.MembershipAdded, AccessEventTypes.BindingCreated, AccessEventTypes.MembershipAdded, AccessEventTypes.MembershipRemoved];
        var seen = new List<(string? Type, long Revision)>();
        foreach (var _ in expected)
        {
            var message = await stack.NextAboutAsync(userId);
            seen.Add((message.Type, AccessEventMessage.Parse(message).Event!.Revision));
        }
        Assert.Equal(expected, seen.Select(s => s.Type));
        Assert.True(seen.Zip(seen.Skip(1)).All(p => p.First.Revision < p.Second.Revision), string.Join(", ", seen));
    }

    [Fact]
    public async Task BrokerDown_WritesStillSucceed_TheEventIsPublishedWhenItReturns_AndSubscribersRecover()
    {
        using var admin = stack.Admin();
        var user = ApiCalls.Unique("eve") + "@example.com";
        var userId = (await (await admin.PostAsJsonAsync("/api/v1/users", new CreateUserRequest(user, Password: "a-password"))).ReadAsync<UserResource>(System.Net.HttpStatusCode.Created)).Id;
        Assert.Equal(AccessEventTypes.MembershipAdded, (await stack.NextAboutAsync(userId)).Type);
        var subscriptions = stack.Subscriptions;

        await stack.Broker.StopAsync();
        try
        {
            var clock = Stopwatch.StartNew();
            var revoke = await admin.PostAsJsonAsync("/api/v1/kubeconfig/revoke", new RevokeKubeconfigRequest(user));
            Assert.True(revoke.IsSuccessStatusCode, await revoke.Content.ReadAsStringAsync());
            // The API answers without waiting for the broker (the publish timeout alone is seconds).
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"the revoke took {clock.Elapsed}");
            Assert.Contains(await stack.OutboxRowsAsync(), row => row.Strings.Any(s => s.Contains(AccessEventTypes.KubeconfigRevoked)));
        }
        finally
        {
            await stack.Broker.StartAgainAsync();
        }

        // Published once the broker is back: the row goes only after the broker accepted the message.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(40);
        while ((await stack.OutboxRowsAsync()).Count > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the outbox was not emptied");
            await Task.Delay(200);
        }

        // Whether this subscriber saw that event depends on whether it had re-attached first: each attach gets a new
        // queue on the local broker (relays reload on every re-attach for that reason). Once it has, the next change
        // reaches it, so publisher and subscription both recovered.
        await stack.WaitForSubscriptionsAsync(subscriptions + 1);
        (await admin.PatchJsonAsync($"/api/v1/users/{user}", new UpdateUserRequest(Active: false))).EnsureSuccessStatusCode();
        Assert.Equal(AccessEventTypes.UserDeactivated, (await stack.NextAboutAsync(userId, TimeSpan.FromSeconds(40), AccessEventTypes.UserDeactivated)).Type);
    }

    /// <summary>Azurite, a broker, the control plane publishing to it, and a subscriber of the test's own.</summary>
    public sealed class Stack : IAsyncLifetime
    {
        private AzuriteServer _azurite = null!;
        private ControlPlaneServer _server = null!;
        private ServiceProvider _messaging = null!;
        private string _adminToken = null!;
        private readonly CancellationTokenSource _stop = new();
        private readonly Channel<ReceivedMessage> _received = Channel.CreateUnbounded<ReceivedMessage>();
        private readonly TaskCompletionSource _subscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private Task _subscription = Task.CompletedTask;
        private int _subscriptions;

        public RabbitMqBroker Broker { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            _azurite = await AzuriteServer.StartAsync();
            Broker = await RabbitMqBroker.StartAsync();
            _server = await ControlPlaneServer.StartAsync(_azurite, "e" + Guid.NewGuid().ToString("N")[..10], settings: Broker.ConfigurationSettings().ToDictionary());
            _adminToken = await _server.LoginAsAdminAsync();

            _messaging = new ServiceCollection()
                .AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(NullLogger<>))
                .AddParalusMessaging(new ConfigurationBuilder().AddInMemoryCollection(Broker.ConfigurationSettings()).Build())
                .BuildServiceProvider();
            _subscription = _messaging.GetRequiredService<IMessageSubscriber>().RunAsync(MessagingTopics.AccessEvents, "functions-test", new Collector(this), _stop.Token);
            await _subscribed.Task.WaitAsync(Arrival);
        }

        public HttpClient Admin() => _server.Client(_adminToken);

        /// <summary>How often the test's subscriber has attached so far (once more after every broker restart).</summary>
        public int Subscriptions => Volatile.Read(ref _subscriptions);

        public async Task WaitForSubscriptionsAsync(int count)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(40);
            while (Subscriptions < count)
            {
                Assert.True(DateTime.UtcNow < deadline, "the test's subscriber did not attach again after the broker restart");
                await Task.Delay(100);
            }
        }

        /// <summary>The next published event that names <paramref name="userId"/> (of <paramref name="type"/>, if given); others are skipped.</summary>
        public async Task<ReceivedMessage> NextAboutAsync(string userId, TimeSpan? within = null, string? type = null)
        {
            using var timeout = new CancellationTokenSource(within ?? Arrival);
            while (true)
            {
                var message = await _received.Reader.ReadAsync(timeout.Token);
                if (AccessEventMessage.Parse(message).Event?.Changes.Any(c => c.UserId == userId && (type is null || c.Type == type)) == true) return message;
            }
        }

        public Task<List<(string Table, string RowKey, IReadOnlyList<string> Strings)>> OutboxRowsAsync() =>
            RawTableRows.PendingAccessEventsAsync(_azurite.ConnectionString, _server.TablePrefix);

        public async Task DisposeAsync()
        {
            await _stop.CancelAsync();
            await _subscription;
            await _messaging.DisposeAsync();
            await _server.DisposeAsync();
            await Broker.DisposeAsync();
            await _azurite.DisposeAsync();
        }

        private sealed class Collector(Stack stack) : IMessageHandler
        {
            public Task OnSubscribedAsync(CancellationToken cancellationToken)
            {
                Interlocked.Increment(ref stack._subscriptions);
                stack._subscribed.TrySetResult();
                return Task.CompletedTask;
            }

            public async Task<MessageSettlement> HandleAsync(ReceivedMessage message, CancellationToken cancellationToken)
            {
                await stack._received.Writer.WriteAsync(message, cancellationToken);
                return MessageSettlement.Accept;
            }
        }
    }
}
