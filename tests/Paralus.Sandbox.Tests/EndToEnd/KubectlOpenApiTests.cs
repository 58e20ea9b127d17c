using Paralus.Sandbox.Tests.Infrastructure;

namespace Paralus.Sandbox.Tests.EndToEnd;

/// <summary>
/// What kubectl does with the OpenAPI documents, across releases: 1.27 and 1.28 read
/// <c>/openapi/v2</c> as protobuf for apply, create, diff and kustomize; every release needs
/// schemas for <c>explain</c>.
/// </summary>
public sealed class KubectlOpenApiTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private const string Manifest = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: settings
        data:
          mode: fast
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          replicas: 1
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
              - name: web
                image: nginx
                ports: [{containerPort: 80}]
        """;

    [Theory]
    [InlineData("1.27")]
    [InlineData("1.30")]
    [InlineData("1.33")]
    [InlineData("default")]
    public async Task ApplyDiffCreateKustomize_WorkWithEveryRelease(string version)
    {
        var kubectl = sandbox.Kubectl.Version(version);
        var ns = await NewNamespaceAsync(kubectl);
        var directory = Directory.CreateTempSubdirectory("kubectl-openapi-");
        try
        {
            var manifest = Path.Combine(directory.FullName, "app.yaml");
            await File.WriteAllTextAsync(manifest, Manifest);
            Ok(await kubectl.RunAsync("apply", "-n", ns, "-f", manifest));

            var scaled = Path.Combine(directory.FullName, "scaled.yaml");
            await File.WriteAllTextAsync(scaled, Manifest.Replace("replicas: 1", "replicas: 3", StringComparison.Ordinal));
            var diff = await kubectl.RunAsync("diff", "-n", ns, "-f", scaled);
            Assert.True(diff.ExitCode == 1, diff.ToString());
            Assert.Contains("+  replicas: 3", diff.Stdout, StringComparison.Ordinal);
            Ok(await kubectl.RunAsync("apply", "-n", ns, "-f", scaled));
            Assert.Equal("3", Ok(await kubectl.RunAsync("get", "deployment", "web", "-n", ns, "-o", "jsonpath={.spec.replicas}")).Stdout);

            var kustomization = Path.Combine(directory.FullName, "overlay");
            Directory.CreateDirectory(kustomization);
            await File.WriteAllTextAsync(Path.Combine(kustomization, "app.yaml"), Manifest);
            await File.WriteAllTextAsync(Path.Combine(kustomization, "kustomization.yaml"), $"namespace: {ns}\nnamePrefix: k-\nresources:\n- app.yaml\n");
            Ok(await kubectl.RunAsync("apply", "-k", kustomization));
            Ok(await kubectl.RunAsync("get", "configmap", "k-settings", "-n", ns));

            Ok(await kubectl.RunAsync("delete", "-n", ns, "-f", manifest));
            Ok(await kubectl.RunAsync("create", "-n", ns, "-f", manifest));
            Ok(await kubectl.RunAsync("get", "deployment", "web", "-n", ns));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("1.27")]
    [InlineData("1.30")]
    [InlineData("1.33")]
    [InlineData("default")]
    public async Task Explain_PodContainers_ShowsTheFields(string version)
    {
        var explained = Ok(await sandbox.Kubectl.Version(version).RunAsync("explain", "pods.spec.containers"));
        Assert.Contains("KIND:", explained.Stdout, StringComparison.Ordinal);
        Assert.Contains("Pod", explained.Stdout, StringComparison.Ordinal);
        Assert.Contains("containers", explained.Stdout, StringComparison.Ordinal);
        Assert.Contains("imagePullPolicy", explained.Stdout, StringComparison.Ordinal);
        Assert.Contains("volumeMounts", explained.Stdout, StringComparison.Ordinal);
    }

    private static async Task<string> NewNamespaceAsync(Kubectl kubectl)
    {
        var ns = $"oa-{Guid.NewGuid():N}"[..14];
        Ok(await kubectl.RunAsync("create", "namespace", ns));
        return ns;
    }

    private static KubectlResult Ok(KubectlResult result)
    {
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }
}
