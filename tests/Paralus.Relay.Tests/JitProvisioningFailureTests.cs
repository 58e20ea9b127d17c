using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Paralus.Agent.Forwarding;
using Paralus.Agent.Jit;
using Paralus.Core.Kubernetes;
using Paralus.Core.Tunnels;
using Yarp.ReverseProxy.Forwarder;

namespace Paralus.Relay.Tests;

/// <summary>
/// When the cluster will not let the agent prepare a user's service account, kubectl gets a Kubernetes Status that
/// says so, with the apiserver's own answer, instead of an empty 500; the agent's credentials never show.
/// </summary>
public sealed class JitProvisioningFailureTests : IAsyncLifetime
{
    private const string ForgedToken = "not-the-agents-token";

    private readonly string _folder = Directory.CreateTempSubdirectory("paralus-jit-failure-").FullName;
    private TestCluster _sandbox = null!;

    public async Task InitializeAsync() => _sandbox = await TestCluster.StartSandboxAsync(_folder);

    [Fact]
    public async Task AgentTheApiserverRefuses_AnswersServiceUnavailable_WithTheApiserversReason()
    {
        // The agent's kubeconfig with a token the apiserver does not know: every call of the agent is refused.
        var target = ApiServerTarget.Load(await _sandbox.WriteKubeconfigWithTokenAsync(Path.Combine(_folder, "refused.kubeconfig"), ForgedToken));
        var accounts = new JitServiceAccounts(target, Options.Create(new JitOptions()), TimeProvider.System, NullLogger<JitServiceAccounts>.Instance);
        var forwarder = new ServiceCollection().AddLogging().AddHttpForwarder().BuildServiceProvider().GetRequiredService<IHttpForwarder>();

        var http = new DefaultHttpContext();
        http.Request.Method = "GET";
        http.Request.Path = "/api/v1/namespaces/default/pods";
        http.Request.Headers[ForwardingHeaders.User] = "sally@example.com";
        http.Request.Headers[JitAccessHeader.Name] = "cluster=read;";
        http.Response.Body = new MemoryStream();

        await ApiServerForwarderEndpoint.ForwardAsync(http, target, new JitAccessSpecs(), accounts, forwarder, NullLogger<ApiServerTarget>.Instance);

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, http.Response.StatusCode);
        Assert.Equal(KubernetesStatusBody.ContentType, http.Response.ContentType);
        http.Response.Body.Position = 0;
        var body = await new StreamReader(http.Response.Body).ReadToEndAsync();
        var status = JsonDocument.Parse(body).RootElement;
        Assert.Equal("Status", status.GetProperty("kind").GetString());
        Assert.Equal("ServiceUnavailable", status.GetProperty("reason").GetString());
        var message = status.GetProperty("message").GetString()!;
        Assert.StartsWith("Paralus could not prepare service account sally-64example-46com in this cluster: the apiserver answered the agent 401 Unauthorized", message);
        Assert.DoesNotContain(ForgedToken, body);
    }

    public async Task DisposeAsync()
    {
        await _sandbox.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
