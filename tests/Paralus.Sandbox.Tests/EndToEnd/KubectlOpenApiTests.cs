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
    [InlineData("1.28")]
    [InlineData("1.30")]
    [InlineData("1.33")]
    [InlineData("default")]
    public async Task ApplyDiffCreateKustomizeExplain_WorkWithTheRelease(string version)
    {
        var kubectl = sandbox.Kubectl.Version(version);
        var explained = Ok(await kubectl.RunAsync("explain", "pods.spec.containers"));
        Assert.Contains("KIND:", explained.Stdout, StringComparison.Ordinal);
        Assert.Contains("Pod", explained.Stdout, StringComparison.Ordinal);
        Assert.Contains("imagePullPolicy", explained.Stdout, StringComparison.Ordinal);
        Assert.Contains("volumeMounts", explained.Stdout, StringComparison.Ordinal);

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

    [Fact]
    public async Task Create_UnquotedYamlBoolInConfigMapData_IsRefusedLikeTheApiserver()
    {
        var ns = await NewNamespaceAsync(sandbox.Kubectl);
        var result = await sandbox.Kubectl.RunWithStdinAsync("""
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: flags
            data:
              enabled: y
            """, "create", "-n", ns, "-f", "-");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(
            "ConfigMap in version \"v1\" cannot be handled as a ConfigMap: json: cannot unmarshal bool into Go struct field ConfigMap.data of type string",
            result.Stderr, StringComparison.Ordinal);
        Assert.NotEqual(0, (await sandbox.Kubectl.RunAsync("get", "configmap", "flags", "-n", ns)).ExitCode);
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
