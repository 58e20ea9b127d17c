using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Paralus.Agent.ApiServer;
using Paralus.Agent.Forwarding;
using Paralus.Agent.Forwarding.Http2;
using Paralus.Agent.Jit;
using Paralus.TunnelProtocol;
using Yarp.ReverseProxy.Forwarder;

namespace Paralus.Agent.Tests.Infrastructure;

/// <summary>The agent's request path for one apiserver, built as the agent builds it, without the rest of the agent.</summary>
internal sealed record AgentForwardingParts(ApiServerTarget Target, JitServiceAccounts Accounts, UserCredentials Credentials, Http2FrameForwarder Http2)
{
    private static readonly IHttpForwarder Forwarder = new ServiceCollection().AddLogging().AddHttpForwarder().BuildServiceProvider().GetRequiredService<IHttpForwarder>();

    public static AgentForwardingParts For(ApiServerTarget target)
    {
        var accounts = new JitServiceAccounts(target, Options.Create(new JitOptions()), TimeProvider.System, NullLogger<JitServiceAccounts>.Instance);
        var credentials = new UserCredentials(new JitAccessSpecs(), accounts, NullLogger<UserCredentials>.Instance);
        return new AgentForwardingParts(target, accounts, credentials, new Http2FrameForwarder(target, credentials, NullLogger<Http2FrameForwarder>.Instance));
    }

    /// <summary>A GET as a relay sends it, through the HTTP/1.1 path (the one upgrades take); the response body is kept in memory.</summary>
    public async Task<HttpResponse> GetOverHttp1Async(string path, string user, string access)
    {
        var http = new DefaultHttpContext();
        http.Request.Method = "GET";
        http.Request.Path = path;
        // What Kestrel would hand the agent: the target as the relay sent it, which is what the agent forwards.
        http.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget = path;
        http.Request.Headers[ForwardingHeaders.User] = user;
        http.Request.Headers[JitAccessHeader.Name] = access;
        http.Response.Body = new MemoryStream();
        await ApiServerForwarderEndpoint.ForwardAsync(http, Target, Credentials, Forwarder, NullLogger<ApiServerTarget>.Instance);
        http.Response.Body.Position = 0;
        return http.Response;
    }
}
