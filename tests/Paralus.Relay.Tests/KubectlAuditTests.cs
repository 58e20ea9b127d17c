using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Paralus.Domain.Contracts;
using Paralus.Domain.Kubernetes;

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
    public async Task AnExec_RecordsItsCommand()
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
}
