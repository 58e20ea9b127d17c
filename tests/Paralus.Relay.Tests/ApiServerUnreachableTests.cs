using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Paralus.Agent.Forwarding;
using Paralus.Core.Kubernetes;
using Paralus.Core.Tunnels;
using Yarp.ReverseProxy.Forwarder;

namespace Paralus.Relay.Tests;

/// <summary>
/// When the apiserver goes away behind a connected agent, kubectl is told that the agent could not reach it, on
/// both ways through the agent, instead of a bare 502 or a "tunnel" error; and the next request tries again.
/// </summary>
public sealed class ApiServerUnreachableTests : IAsyncLifetime
{
    private const string User = "sally@example.com";
    private readonly string _folder = Directory.CreateTempSubdirectory("paralus-apiserver-down-").FullName;
    private TestCluster _sandbox = null!;

    public async Task InitializeAsync() => _sandbox = await TestCluster.StartSandboxAsync(_folder);

    [Fact]
    public async Task ApiServerStopped_EveryPathAnswersServiceUnavailable_WithWhereItTried()
    {
        var target = ApiServerTarget.Load(_sandbox.KubeconfigPath);
        var agent = AgentForwardingParts.For(target);
        var forwarder = new ServiceCollection().AddLogging().AddHttpForwarder().BuildServiceProvider().GetRequiredService<IHttpForwarder>();
        // Served once, so the user's token is cached: what fails next is the request itself, not provisioning.
        Assert.Equal(StatusCodes.Status200OK, (await ForwardOverHttp1Async(target, agent, forwarder)).Response.StatusCode);

        await _sandbox.DisposeAsync();

        var http1 = await ForwardOverHttp1Async(target, agent, forwarder);
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, http1.Response.StatusCode);
        http1.Response.Body.Position = 0;
        AssertSaysUnreachable(await new StreamReader(http1.Response.Body).ReadToEndAsync(), target.Server);

        using var client = new TunnelClient(stream => agent.Http2.ServeAsync(stream, CancellationToken.None));
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            var request = TunnelClient.Request(HttpMethod.Get, "/api/v1/namespaces/default/pods", http2: true);
            request.Headers.Add(ForwardingHeaders.User, User);
            request.Headers.Add(JitAccessHeader.Name, "cluster=read;");
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            AssertSaysUnreachable(await response.Content.ReadAsStringAsync(), target.Server);
            // Each attempt tries the apiserver again, on a connection of its own.
            Assert.Equal(attempt, client.Connections);
        }
    }

    private static async Task<HttpContext> ForwardOverHttp1Async(ApiServerTarget target, AgentForwardingParts agent, IHttpForwarder forwarder)
    {
        var http = new DefaultHttpContext();
        http.Request.Method = "GET";
        http.Request.Path = "/api/v1/namespaces/default/pods";
        http.Request.Headers[ForwardingHeaders.User] = User;
        http.Request.Headers[JitAccessHeader.Name] = "cluster=read;";
        http.Response.Body = new MemoryStream();
        await ApiServerForwarderEndpoint.ForwardAsync(http, target, agent.Credentials, forwarder, NullLogger<ApiServerTarget>.Instance);
        return http;
    }

    private static void AssertSaysUnreachable(string body, Uri server)
    {
        var status = JsonDocument.Parse(body).RootElement;
        Assert.Equal("ServiceUnavailable", status.GetProperty("reason").GetString());
        Assert.StartsWith($"the Paralus agent could not reach this cluster's apiserver at {server}: ", status.GetProperty("message").GetString());
    }

    public async Task DisposeAsync()
    {
        await _sandbox.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
