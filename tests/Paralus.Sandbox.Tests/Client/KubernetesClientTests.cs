using k8s;
using k8s.Autorest;
using k8s.Models;
using Paralus.Sandbox.Tests.Infrastructure;

namespace Paralus.Sandbox.Tests.Client;

/// <summary>The C# KubernetesClient against the sandbox: list, watch, create, patch, delete, TokenRequest.</summary>
public sealed class KubernetesClientTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private readonly Kubernetes _client = new(KubernetesClientConfiguration.BuildConfigFromConfigFile(sandbox.KubeconfigPath));

    [Fact]
    public async Task ListNamespaces_ReturnsTheSystemNamespaces()
    {
        var namespaces = await _client.CoreV1.ListNamespaceAsync();
        var names = namespaces.Items.Select(n => n.Metadata.Name).ToList();
        Assert.Superset(new HashSet<string> { "default", "kube-system", "kube-public", "kube-node-lease" }, names.ToHashSet());
        var kubeSystem = namespaces.Items.Single(n => n.Metadata.Name == "kube-system");
        Assert.Equal(sandbox.Host.KubeSystemUid, kubeSystem.Metadata.Uid);
    }

    [Fact]
    public async Task CreatePatchDelete_ConfigMap_RoundTrips()
    {
        var ns = await NewNamespaceAsync();
        var created = await _client.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "settings" }, Data = new Dictionary<string, string> { ["mode"] = "a" } }, ns);
        Assert.False(string.IsNullOrEmpty(created.Metadata.Uid));

        var patched = await _client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""{"data":{"mode":"b"},"metadata":{"labels":{"patched":"yes"}}}""", V1Patch.PatchType.MergePatch), "settings", ns);
        Assert.Equal("b", patched.Data["mode"]);
        Assert.Equal("yes", patched.Metadata.Labels["patched"]);
        Assert.NotEqual(created.Metadata.ResourceVersion, patched.Metadata.ResourceVersion);

        var stale = created;
        stale.Data["mode"] = "c";
        var conflict = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.ReplaceNamespacedConfigMapAsync(stale, "settings", ns));
        Assert.Equal(System.Net.HttpStatusCode.Conflict, conflict.Response.StatusCode);

        await _client.CoreV1.DeleteNamespacedConfigMapAsync("settings", ns);
        var missing = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.ReadNamespacedConfigMapAsync("settings", ns));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.Response.StatusCode);
    }

    [Fact]
    public async Task Watch_SeesAddedModifiedDeleted()
    {
        var ns = await NewNamespaceAsync();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var list = await _client.CoreV1.ListNamespacedConfigMapAsync(ns, cancellationToken: cancel.Token);
        var seen = new List<(WatchEventType, string)>();
        var events = _client.CoreV1.WatchListNamespacedConfigMapAsync(ns, resourceVersion: list.Metadata.ResourceVersion, cancellationToken: cancel.Token)
            .GetAsyncEnumerator(cancel.Token);
        var first = events.MoveNextAsync().AsTask();

        await _client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "watched" } }, ns, cancellationToken: cancel.Token);
        Assert.True(await first);
        seen.Add((events.Current.Item1, events.Current.Item2.Metadata.Name));

        await _client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"data":{"k":"v"}}""", V1Patch.PatchType.MergePatch), "watched", ns, cancellationToken: cancel.Token);
        Assert.True(await events.MoveNextAsync());
        seen.Add((events.Current.Item1, events.Current.Item2.Metadata.Name));

        await _client.CoreV1.DeleteNamespacedConfigMapAsync("watched", ns, cancellationToken: cancel.Token);
        Assert.True(await events.MoveNextAsync());
        seen.Add((events.Current.Item1, events.Current.Item2.Metadata.Name));

        Assert.Equal([(WatchEventType.Added, "watched"), (WatchEventType.Modified, "watched"), (WatchEventType.Deleted, "watched")], seen);
        await cancel.CancelAsync();
        await events.DisposeAsync();
    }

    [Fact]
    public async Task CreateNamespacedServiceAccountToken_IssuesAWorkingBoundToken()
    {
        var ns = await NewNamespaceAsync();
        await _client.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = "robot" } }, ns);
        var request = await _client.CoreV1.CreateNamespacedServiceAccountTokenAsync(
            new Authenticationv1TokenRequest { Spec = new V1TokenRequestSpec { ExpirationSeconds = 600 } }, "robot", ns);
        Assert.False(string.IsNullOrEmpty(request.Status.Token));
        Assert.True(request.Status.ExpirationTimestamp > DateTime.UtcNow.AddMinutes(9));

        var review = await _client.AuthenticationV1.CreateTokenReviewAsync(new V1TokenReview { Spec = new V1TokenReviewSpec { Token = request.Status.Token } });
        Assert.True(review.Status.Authenticated);
        Assert.Equal($"system:serviceaccount:{ns}:robot", review.Status.User.Username);
        Assert.Contains($"system:serviceaccounts:{ns}", review.Status.User.Groups);

        var asRobot = new Kubernetes(new KubernetesClientConfiguration
        {
            Host = sandbox.Host.Server,
            AccessToken = request.Status.Token,
            SslCaCerts = [sandbox.Host.CaCertificate],
        });
        var denied = await Assert.ThrowsAsync<HttpOperationException>(() => asRobot.CoreV1.ListNamespacedPodAsync(ns));
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, denied.Response.StatusCode);

        // RBAC changes count from the next request: granted, then taken away again.
        await _client.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(new V1RoleBinding
        {
            Metadata = new V1ObjectMeta { Name = "robot-view" },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = "view" },
            Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = "robot", NamespaceProperty = ns }],
        }, ns);
        Assert.Empty((await asRobot.CoreV1.ListNamespacedPodAsync(ns)).Items);
        await _client.RbacAuthorizationV1.DeleteNamespacedRoleBindingAsync("robot-view", ns);
        denied = await Assert.ThrowsAsync<HttpOperationException>(() => asRobot.CoreV1.ListNamespacedPodAsync(ns));
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, denied.Response.StatusCode);

        await _client.CoreV1.DeleteNamespacedServiceAccountAsync("robot", ns);
        var rejected = await Assert.ThrowsAsync<HttpOperationException>(() => asRobot.CoreV1.ListNamespacedPodAsync(ns));
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, rejected.Response.StatusCode);
    }

    [Fact]
    public async Task SubjectAccessReview_AnswersForAnotherUser()
    {
        var review = await _client.AuthorizationV1.CreateSubjectAccessReviewAsync(new V1SubjectAccessReview
        {
            Spec = new V1SubjectAccessReviewSpec
            {
                User = "someone",
                Groups = ["system:authenticated"],
                ResourceAttributes = new V1ResourceAttributes { Verb = "list", Resource = "pods", NamespaceProperty = "default" },
            },
        });
        Assert.False(review.Status.Allowed);
    }

    [Fact]
    public async Task NamespacedPodExec_RunsACommandAndReportsItsExitCode()
    {
        var ns = await NewNamespaceAsync();
        await _client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "box" },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "main", Image = "busybox" }] },
        }, ns);

        string? output = null;
        var exitCode = await _client.NamespacedPodExecAsync("box", ns, "main", ["sh", "-c", "echo from-client; exit 5"], false,
            async (_, stdout, _) =>
            {
                using var reader = new StreamReader(stdout);
                output = await reader.ReadToEndAsync();
            }, CancellationToken.None);

        Assert.Equal(5, exitCode);
        Assert.Equal("from-client\n", output);
    }

    [Fact]
    public async Task WebSocketPortForward_TwoPorts_EachChannelEchoesItsOwnBytes()
    {
        var ns = await NewNamespaceAsync();
        await _client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "web" },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "main", Image = "nginx" }] },
        }, ns);

        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var socket = await _client.WebSocketNamespacedPodPortForwardAsync("web", ns, [8080, 9090], cancellationToken: cancel.Token);
        using var demuxer = new StreamDemuxer(socket, StreamType.PortForward);
        demuxer.Start();
        foreach (var (channel, text) in new[] { ((byte)0, "to 8080"), ((byte)2, "to 9090") })
        {
            using var stream = demuxer.GetStream(channel, channel);
            var sent = System.Text.Encoding.UTF8.GetBytes(text);
            await stream.WriteAsync(sent, cancel.Token);
            var echoed = new byte[sent.Length];
            await stream.ReadExactlyAsync(echoed, cancel.Token);
            Assert.Equal(text, System.Text.Encoding.UTF8.GetString(echoed));
        }
    }

    private async Task<string> NewNamespaceAsync()
    {
        var name = $"kc-{Guid.NewGuid():N}"[..15];
        await _client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } });
        return name;
    }
}
