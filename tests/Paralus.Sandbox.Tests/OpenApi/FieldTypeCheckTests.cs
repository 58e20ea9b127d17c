using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Paralus.Sandbox.Tests.Infrastructure;

namespace Paralus.Sandbox.Tests.OpenApi;

/// <summary>Field types of built-in kinds are checked at create, update and patch, with the apiserver's decoder message.</summary>
public sealed class FieldTypeCheckTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private readonly HttpClient _http = sandbox.Host.CreateHttpClient();

    [Fact]
    public async Task Create_ConfigMapDataBool_Is400WithTheDecoderMessage()
    {
        var response = await PostAsync("/api/v1/namespaces/default/configmaps", """{"metadata":{"name":"typed-bool"},"data":{"enabled":true}}""");
        Assert.Equal(
            "ConfigMap in version \"v1\" cannot be handled as a ConfigMap: json: cannot unmarshal bool into Go struct field ConfigMap.data of type string",
            await BadRequestMessageAsync(response));
    }

    [Fact]
    public async Task Create_PodContainerNameNumber_NamesTheNestedStruct()
    {
        var response = await PostAsync("/api/v1/namespaces/default/pods", """{"metadata":{"name":"typed-pod"},"spec":{"containers":[{"name":1,"image":"nginx"}]}}""");
        Assert.Equal(
            "Pod in version \"v1\" cannot be handled as a Pod: json: cannot unmarshal number into Go struct field Container.spec.containers.name of type string",
            await BadRequestMessageAsync(response));
    }

    [Fact]
    public async Task Create_DeploymentReplicasString_Is400()
    {
        var response = await PostAsync("/apis/apps/v1/namespaces/default/deployments", """
            {"metadata":{"name":"typed-deploy"},"spec":{"replicas":"two","selector":{"matchLabels":{"a":"b"}},"template":{"metadata":{"labels":{"a":"b"}},"spec":{"containers":[{"name":"c","image":"i"}]}}}}
            """);
        Assert.Equal(
            "Deployment in version \"v1\" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32",
            await BadRequestMessageAsync(response));
    }

    [Fact]
    public async Task Create_IntOrStringAndQuantityTakeNumbersOrStrings_ButAPortNameMustBeAString()
    {
        var named = await PostAsync("/api/v1/namespaces/default/services", """{"metadata":{"name":"typed-bad-svc"},"spec":{"ports":[{"name":80,"port":80}]}}""");
        Assert.Equal(
            "Service in version \"v1\" cannot be handled as a Service: json: cannot unmarshal number into Go struct field ServicePort.spec.ports.name of type string",
            await BadRequestMessageAsync(named));

        var service = await PostAsync("/api/v1/namespaces/default/services", """{"metadata":{"name":"typed-svc"},"spec":{"ports":[{"port":80,"targetPort":8080},{"name":"b","port":81,"targetPort":"web"}],"extra":1}}""");
        Assert.Equal(HttpStatusCode.Created, service.StatusCode);
        var pod = await PostAsync("/api/v1/namespaces/default/pods", """{"metadata":{"name":"typed-quantity"},"spec":{"containers":[{"name":"c","image":"i","resources":{"limits":{"cpu":1,"memory":"64Mi"}}}]}}""");
        Assert.Equal(HttpStatusCode.Created, pod.StatusCode);
    }

    [Fact]
    public async Task MergePatch_ThatMakesDataABool_Is400AndLeavesTheObject()
    {
        Assert.Equal(HttpStatusCode.Created, (await PostAsync("/api/v1/namespaces/default/configmaps", """{"metadata":{"name":"typed-patch"},"data":{"a":"1"}}""")).StatusCode);
        var patch = await _http.PatchAsync("/api/v1/namespaces/default/configmaps/typed-patch",
            new StringContent("""{"data":{"a":false}}""", Encoding.UTF8, "application/merge-patch+json"));
        Assert.Contains("cannot unmarshal bool into Go struct field ConfigMap.data of type string", await BadRequestMessageAsync(patch), StringComparison.Ordinal);
        var stored = JsonNode.Parse(await _http.GetStringAsync("/api/v1/namespaces/default/configmaps/typed-patch"))!;
        Assert.Equal("1", stored["data"]!["a"]!.ToString());
    }

    [Fact]
    public async Task Update_LabelsNumber_Is400()
    {
        Assert.Equal(HttpStatusCode.Created, (await PostAsync("/api/v1/namespaces/default/configmaps", """{"metadata":{"name":"typed-put"}}""")).StatusCode);
        var put = await _http.PutAsync("/api/v1/namespaces/default/configmaps/typed-put",
            new StringContent("""{"metadata":{"name":"typed-put","labels":{"n":5}}}""", Encoding.UTF8, "application/json"));
        Assert.Equal(
            "ConfigMap in version \"v1\" cannot be handled as a ConfigMap: json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string",
            await BadRequestMessageAsync(put));
    }

    private Task<HttpResponseMessage> PostAsync(string path, string json) =>
        _http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    private static async Task<string> BadRequestMessageAsync(HttpResponseMessage response)
    {
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(("Status", "BadRequest"), (status["kind"]!.ToString(), status["reason"]!.ToString()));
        return status["message"]!.ToString();
    }
}
