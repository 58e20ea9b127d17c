using System.Net;
using System.Text;
using System.Text.Json;
using k8s;
using Paralus.Sandbox.Hosting;
using Paralus.Sandbox.Tests.Infrastructure;

namespace Paralus.Sandbox.Tests.EndToEnd;

/// <summary>CustomResourceDefinitions with the real kubectl and KubernetesClient: established at once, served like built-in kinds.</summary>
public sealed class KubectlCustomResourceTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private Kubectl Kubectl => sandbox.Kubectl;

    [Fact]
    public async Task Crd_Applied_ServesItsKindWithColumnsShortNamesAndCategories()
    {
        Ok(await Kubectl.RunWithStdinAsync(Definition("gadgets", "Gadget", "Namespaced", "gd"), "apply", "-f", "-"));
        Ok(await Kubectl.RunAsync("wait", "--for=condition=Established", "crd/gadgets.example.com", "--timeout=10s"));
        Ok(await Kubectl.RunWithStdinAsync("""
            apiVersion: example.com/v1
            kind: Gadget
            metadata: {name: g1}
            spec: {size: 3, color: blue}
            """, "apply", "-n", "default", "-f", "-"));

        var table = Ok(await Kubectl.RunAsync("get", "gd", "-n", "default")).Stdout;
        Assert.Matches(@"NAME\s+SIZE\s+COLOR\s+AGE", table);
        Assert.Matches(@"g1\s+3\s+blue\s+", table);
        Assert.Contains("gadget.example.com/g1", Ok(await Kubectl.RunAsync("get", "all", "-n", "default")).Stdout, StringComparison.Ordinal);
        Assert.Contains("gadgets", Ok(await Kubectl.RunAsync("api-resources", "--api-group=example.com")).Stdout, StringComparison.Ordinal);

        Ok(await Kubectl.RunAsync("patch", "gd", "g1", "-n", "default", "--type=merge", "-p", """{"spec":{"size":4}}"""));
        Ok(await Kubectl.RunAsync("patch", "gd", "g1", "-n", "default", "--type=json", "-p", """[{"op":"replace","path":"/spec/color","value":"red"}]"""));
        Assert.Equal("4 red", Ok(await Kubectl.RunAsync("get", "gd", "g1", "-n", "default", "-o", "jsonpath={.spec.size} {.spec.color}")).Stdout);
        var strategic = await Kubectl.RunAsync("patch", "gd", "g1", "-n", "default", "-p", """{"spec":{"size":5}}""");
        Assert.Contains("application/strategic-merge-patch+json is not supported", strategic.Stderr, StringComparison.Ordinal);

        Ok(await Kubectl.RunWithStdinAsync("""
            apiVersion: example.com/v1
            kind: Gadget
            metadata: {name: g2}
            spec: {size: 1}
            """, "apply", "--server-side", "-n", "default", "-f", "-"));
        Assert.Equal("g1 g2", Ok(await Kubectl.RunAsync("get", "gadgets.example.com", "-n", "default", "-o", "jsonpath={.items[*].metadata.name}")).Stdout);
    }

    [Fact]
    public async Task Crd_Deleted_DeletesItsObjectsAndStopsServing()
    {
        Ok(await Kubectl.RunWithStdinAsync(Definition("gizmos", "Gizmo", "Cluster", "gz"), "apply", "-f", "-"));
        Ok(await Kubectl.RunWithStdinAsync("""
            apiVersion: example.com/v1
            kind: Gizmo
            metadata: {name: z1}
            spec: {size: 2}
            """, "create", "-f", "-"));
        using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(sandbox.KubeconfigPath));
        var listed = (JsonElement)await client.CustomObjects.ListClusterCustomObjectAsync("example.com", "v1", "gizmos");
        Assert.Equal("z1", listed.GetProperty("items")[0].GetProperty("metadata").GetProperty("name").GetString());

        Ok(await Kubectl.RunAsync("delete", "crd", "gizmos.example.com"));
        // kubectl's cached discovery still knows the kind; the list itself is 404 now.
        var gone = await Kubectl.RunAsync("get", "gizmos");
        Assert.NotEqual(0, gone.ExitCode);
        Assert.Contains("NotFound", gone.Stderr, StringComparison.Ordinal);
        Ok(await Kubectl.RunWithStdinAsync(Definition("gizmos", "Gizmo", "Cluster", "gz"), "apply", "-f", "-"));
        Assert.Equal("", Ok(await Kubectl.RunAsync("get", "gizmos.example.com", "-o", "jsonpath={.items[*].metadata.name}")).Stdout);
    }

    [Theory]
    [InlineData("1.27")]
    [InlineData("default")]
    public async Task Crd_Schema_IsExplainedAndChecksTheTypesOfItsObjects(string version)
    {
        var kubectl = Kubectl.Version(version);
        var plural = "sprockets" + version.Replace(".", "", StringComparison.Ordinal);
        Ok(await kubectl.RunWithStdinAsync($$"""
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata:
              name: {{plural}}.example.com
            spec:
              group: example.com
              scope: Namespaced
              names: {plural: {{plural}}, kind: Sprocket{{plural}}}
              versions:
              - name: v1
                served: true
                storage: true
                schema:
                  openAPIV3Schema:
                    type: object
                    properties:
                      spec:
                        type: object
                        properties:
                          teeth: {type: integer, minimum: 1, description: How many teeth.}
                          finish: {type: string, enum: [matte, gloss], default: matte}
                          shaft: {x-kubernetes-int-or-string: true}
                          tags:
                            type: array
                            items: {type: string}
                          extra: {type: object, x-kubernetes-preserve-unknown-fields: true}
                          note: {type: string, nullable: true}
            """, "apply", "-f", "-"));

        var explained = Ok(await kubectl.RunAsync("explain", $"{plural}.spec")).Stdout;
        Assert.Matches(@"teeth\s+<integer>", explained);
        Assert.Contains("How many teeth.", explained, StringComparison.Ordinal);

        Ok(await kubectl.RunWithStdinAsync($$$"""
            apiVersion: example.com/v1
            kind: Sprocket{{{plural}}}
            metadata: {name: good}
            spec: {teeth: 12, finish: gloss, shaft: 8mm, tags: [a], extra: {any: [1, true]}}
            """, "apply", "-n", "default", "-f", "-"));
        var bad = await kubectl.RunWithStdinAsync($$$"""
            apiVersion: example.com/v1
            kind: Sprocket{{{plural}}}
            metadata: {name: bad}
            spec: {teeth: many}
            """, "apply", "-n", "default", "-f", "-");
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("spec.teeth: Invalid value: \"string\": spec.teeth in body must be of type integer: \"string\"", bad.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CustomResources_AreAuthorizedByGroupAndResource()
    {
        Ok(await Kubectl.RunWithStdinAsync(Definition("trinkets", "Trinket", "Namespaced", "tk"), "apply", "-f", "-"));
        Ok(await Kubectl.RunAsync("create", "role", "trinket-reader", "-n", "default", "--verb=get,list", "--resource=trinkets.example.com"));
        Ok(await Kubectl.RunAsync("create", "rolebinding", "trinket-reader", "-n", "default", "--role=trinket-reader", "--user=carol"));

        Ok(await Kubectl.RunAsync("get", "trinkets", "-n", "default", "--as=carol"));
        var create = await Kubectl.RunWithStdinAsync("""
            apiVersion: example.com/v1
            kind: Trinket
            metadata: {name: t1}
            """, "create", "-n", "default", "--as=carol", "-f", "-");
        Assert.Contains("User \"carol\" cannot create resource \"trinkets\" in API group \"example.com\" in the namespace \"default\"", create.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Crd_BadName_Is422Invalid()
    {
        var result = await Kubectl.RunWithStdinAsync(Definition("doodads", "Doodad", "Namespaced", "dd").Replace("name: doodads.example.com", "name: wrong.example.com", StringComparison.Ordinal), "create", "-f", "-");
        Assert.Contains("is invalid: metadata.name", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CustomResources_SurviveARestartWithTheStateFile()
    {
        var directory = Directory.CreateTempSubdirectory("paralus-sandbox-crd-state");
        try
        {
            var options = new SandboxOptions { StateFile = Path.Combine(directory.FullName, "state.json") };
            var definition = JsonSerializer.Serialize(new
            {
                apiVersion = "apiextensions.k8s.io/v1",
                kind = "CustomResourceDefinition",
                metadata = new { name = "things.example.com" },
                spec = new
                {
                    group = "example.com",
                    scope = "Namespaced",
                    names = new { plural = "things", kind = "Thing" },
                    versions = new[] { new { name = "v1", served = true, storage = true } },
                },
            });
            await using (var first = await SandboxHost.StartAsync(options))
            {
                using var http = first.CreateHttpClient();
                Assert.Equal(HttpStatusCode.Created, (await http.PostAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", Json(definition))).StatusCode);
                Assert.Equal(HttpStatusCode.Created, (await http.PostAsync("/apis/example.com/v1/namespaces/default/things", Json("""{"apiVersion":"example.com/v1","kind":"Thing","metadata":{"name":"kept"}}"""))).StatusCode);
            }

            await using var restarted = await SandboxHost.StartAsync(options);
            using var again = restarted.CreateHttpClient();
            Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/apis/example.com/v1/namespaces/default/things/kept")).StatusCode);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static string Definition(string plural, string kind, string scope, string shortName) => $$"""
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: {{plural}}.example.com
        spec:
          group: example.com
          scope: {{scope}}
          names: {plural: {{plural}}, kind: {{kind}}, shortNames: [{{shortName}}], categories: [all]}
          versions:
          - name: v1
            served: true
            storage: true
            schema:
              openAPIV3Schema:
                type: object
                x-kubernetes-preserve-unknown-fields: true
            additionalPrinterColumns:
            - {name: Size, type: integer, jsonPath: .spec.size}
            - {name: Color, type: string, jsonPath: .spec.color}
            - {name: Age, type: date, jsonPath: .metadata.creationTimestamp}
        """;

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static KubectlResult Ok(KubectlResult result)
    {
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }
}
