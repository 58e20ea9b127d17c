using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Paralus.Domain.Audit;
using Paralus.Domain.Contracts;
using Paralus.Domain.Kubernetes;
using Paralus.Infrastructure.Messaging;

namespace Paralus.Relay.Tests;

/// <summary>
/// Seed scenario 2: a project manager learns from the audit log who deleted the critical nginx deployment. Every
/// request through a relay is recorded, allowed or denied, shipped through the broker's audit queue and ingested
/// into Table Storage by the control plane.
/// </summary>
[Collection(RelayStackCollection.Name)]
public sealed class KubectlAuditTests(RelayStack stack)
{
    [Fact]
    public async Task WhoDeletedNginx_IsInTheAuditLog_WithTheBindingThatAllowedIt_AndDenialsWithTheirReason()
    {
        var deployment = "nginx-" + stack.Cluster.RunId;
        await stack.Cluster.Direct.RunAsync("create", "deployment", deployment, "--image=nginx", "-n", "apple");
        var trainee = await stack.KubectlAsAsync(RelayStack.Sally);

        var deleted = await trainee.RunAsync("delete", "deployment", deployment, "-n", "apple", "-v=8");
        var denied = await trainee.RunAsync("get", "pods", "-n", "default");

        Assert.True(deleted.ExitCode == 0, deleted.ToString());
        Assert.NotEqual(0, denied.ExitCode);
        using var admin = stack.Admin();
        var record = await Eventually.ValueAsync(async () =>
        {
            var page = await admin.GetFromJsonAsync<ListResponse<KubectlAuditEventResource>>(
                $"/api/v1/audit/kubectl?cluster={RelayStack.ClusterName}&verb=delete&name={deployment}");
            return page!.Items.SingleOrDefault();
        });
        Assert.Equal((RelayStack.Sally, "deployments", "apps", "apple", 200, "allow", "aws"),
            (record.User, record.Resource, record.ApiGroup, record.Namespace, record.Status, record.Decision, record.Project));
        Assert.Contains("NAMESPACE_ADMIN", record.Reason);
        Assert.Null(record.Group); // bound directly
        Assert.Null(record.IdentityProvider); // a local account
        Assert.Equal(ServiceAccountNames.ForUser(RelayStack.Sally), record.ServiceAccount);
        Assert.Equal("certificate", record.CredentialKind);
        // The cluster adopted the relay's id as its own audit ID: the two logs join on it.
        Assert.Matches(new Regex($"Audit-Id: {Regex.Escape(record.Id)}\\r?$", RegexOptions.Multiline), deleted.Error);

        var refusal = await Eventually.ValueAsync(async () =>
        {
            var page = await admin.GetFromJsonAsync<ListResponse<KubectlAuditEventResource>>(
                $"/api/v1/audit/kubectl?user={RelayStack.Sally}&decision=deny&namespace=default");
            return page!.Items.FirstOrDefault(e => e.Resource == "pods" && e.Verb == "list");
        });
        Assert.Equal(403, refusal.Status);
        Assert.False(string.IsNullOrEmpty(refusal.Reason));
        Assert.Null(refusal.ServiceAccount);
    }

    [Fact]
    public async Task AnExec_RecordsItsCommand_ItsExitCode_AndTheBytesEachWay()
    {
        var pod = "audit-exec-" + stack.Cluster.RunId;
        await stack.Cluster.Direct.RunAsync("run", pod, "--image=busybox", "-n", "apple");
        var trainee = await stack.KubectlAsAsync(RelayStack.Sally);

        // The pod starts on its own time.
        await Eventually.TrueAsync(async () => (await trainee.RunAsync("exec", pod, "-n", "apple", "--", "echo", "hello from audit")).ExitCode == 0, seconds: 60);

        using var admin = stack.Admin();
        var record = await Eventually.ValueAsync(async () =>
        {
            var page = await admin.GetFromJsonAsync<ListResponse<KubectlAuditEventResource>>(
                $"/api/v1/audit/kubectl?user={RelayStack.Sally}&resource=pods&name={pod}");
            return page!.Items.FirstOrDefault(e => e.Subresource == "exec");
        });
        Assert.Equal(["echo", "hello from audit"], record.Session!.Command);
        Assert.Equal("allow", record.Decision);
        Assert.Equal(0, record.Session.ExitCode);
        Assert.True(record.BytesOut > "hello from audit".Length, $"bytes to the client: {record.BytesOut}");
        Assert.True(record.BytesIn > 0, $"bytes from the client: {record.BytesIn}");

        var failing = await trainee.RunAsync("exec", pod, "-n", "apple", "--", "sh", "-c", "exit 3");
        Assert.Equal(3, failing.ExitCode);
        var failed = await Eventually.ValueAsync(async () =>
        {
            var page = await admin.GetFromJsonAsync<ListResponse<KubectlAuditEventResource>>(
                $"/api/v1/audit/kubectl?user={RelayStack.Sally}&resource=pods&name={pod}");
            return page!.Items.FirstOrDefault(e => e.Session?.Command is ["sh", "-c", "exit 3"]);
        });
        Assert.Equal(3, failed.Session!.ExitCode);
    }

    [Fact]
    public async Task AccessThroughAGroup_NamesTheGroup()
    {
        var name = "through-group-" + stack.Cluster.RunId;
        var virat = await stack.KubectlAsAsync(RelayStack.Virat);

        await virat.RunAsync("get", "configmap", name, "-n", "apple");

        using var admin = stack.Admin();
        var record = await Eventually.ValueAsync(async () =>
        {
            var page = await admin.GetFromJsonAsync<ListResponse<KubectlAuditEventResource>>($"/api/v1/audit/kubectl?user={RelayStack.Virat}&name={name}");
            return page!.Items.SingleOrDefault();
        });
        Assert.Equal(("allow", "AWS Project Members"), (record.Decision, record.Group));
    }

    [Fact]
    public async Task ProjectAuditors_SeeTheirProjectOnly_OthersNothing()
    {
        using var reader = stack.ControlPlane.Client(await stack.ControlPlane.LoginAsync(RelayStack.Reader, RelayStack.Password));
        using var outsider = stack.ControlPlane.Client(await stack.ControlPlane.LoginAsync(RelayStack.Outsider, RelayStack.Password));

        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/api/v1/audit/kubectl?project=aws")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.GetAsync("/api/v1/audit/kubectl")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.GetAsync("/api/v1/audit/kubectl?project=gcp")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await outsider.GetAsync("/api/v1/audit/kubectl?project=aws")).StatusCode);
    }

    [Fact]
    public async Task BrokerAway_AndRelayRestarted_EveryEventArrives_OnceEach()
    {
        var prefix = "audit-fault-" + stack.Cluster.RunId;
        var trainee = await stack.KubectlAsAsync(RelayStack.Sally);
        await stack.Broker.StopAsync();
        try
        {
            for (var i = 0; i < 10; i++) await trainee.RunAsync("get", "configmap", $"{prefix}-{i}", "-n", "apple");
            // What the relay still holds goes to its spool when it stops, and the spool is sent after it starts again.
            await stack.StopRelayAsync(0);
            await stack.StartRelayAsync(0);
            await stack.WaitForTunnelAsync(0);
            for (var i = 10; i < 15; i++) await trainee.RunAsync("get", "configmap", $"{prefix}-{i}", "-n", "apple");
        }
        finally
        {
            await stack.Broker.StartAgainAsync();
        }
        await stack.WaitForAccessEventSubscriptionsAsync();

        using var admin = stack.Admin();
        var ours = await Eventually.ValueAsync(async () =>
        {
            var page = await admin.GetFromJsonAsync<ListResponse<KubectlAuditEventResource>>(
                $"/api/v1/audit/kubectl?user={RelayStack.Sally}&resource=configmaps&namespace=apple&limit=1000");
            var found = page!.Items.Where(e => e.Name?.StartsWith(prefix, StringComparison.Ordinal) == true).ToList();
            return found.Count >= 15 ? found : null;
        }, seconds: 90);
        Assert.Equal(15, ours.Count);
        Assert.Equal(15, ours.Select(e => e.Name).Distinct().Count());
        Assert.All(ours, e => Assert.Equal(404, e.Status));
    }

    [Fact]
    public async Task AMalformedBatch_IsDeadLettered_AndDoesNotHoldUpTheQueue()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(stack.Broker.ConfigurationSettings()).Build();
        await using var messaging = new ServiceCollection().AddLogging().AddParalusMessaging(configuration).BuildServiceProvider();
        var poison = "poison-" + Guid.NewGuid().ToString("N");
        var deadLetters = new DeadLetterCollector();
        using var stop = new CancellationTokenSource();
        var consuming = messaging.GetRequiredService<IMessageSubscriber>().RunQueueAsync("audit.dead-letter", deadLetters, stop.Token);
        try
        {
            await messaging.GetRequiredService<IMessagePublisher>().PublishAsync(MessagingTopics.Audit,
                new OutgoingMessage(poison, KubectlAuditBatch.MessageType, KubectlAuditBatch.SchemaVersion, "{\"events\": \"not a list\"}"u8.ToArray()), CancellationToken.None);
            await Eventually.TrueAsync(() => Task.FromResult(deadLetters.Ids.Contains(poison)), seconds: 30);

            // Requests after it are still ingested.
            var name = "after-poison-" + stack.Cluster.RunId;
            await (await stack.KubectlAsAsync(RelayStack.Sally)).RunAsync("get", "configmap", name, "-n", "apple");
            using var admin = stack.Admin();
            await Eventually.TrueAsync(async () => (await admin.GetFromJsonAsync<ListResponse<KubectlAuditEventResource>>(
                $"/api/v1/audit/kubectl?user={RelayStack.Sally}&name={name}"))!.Items.Count == 1);
        }
        finally
        {
            await stop.CancelAsync();
            await consuming;
        }
    }

    private sealed class DeadLetterCollector : IMessageHandler
    {
        public System.Collections.Concurrent.ConcurrentBag<string> Ids { get; } = [];

        public Task OnSubscribedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<MessageSettlement> HandleAsync(ReceivedMessage message, CancellationToken cancellationToken)
        {
            if (message.MessageId is { } id) Ids.Add(id);
            return Task.FromResult(MessageSettlement.Accept);
        }
    }
}
