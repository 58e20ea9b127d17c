using System.Net.WebSockets;
using Paralus.Relay.Tunnels;
using Paralus.TunnelProtocol.Control;

namespace Paralus.Relay.Tests;

/// <summary>
/// Which agent session a request's data connection goes through: HTTP/2 data connections only through agents that
/// said they serve them, so a relay keeps working with agents of an older version during a rolling upgrade.
/// </summary>
public sealed class TunnelRegistryTests
{
    private readonly TunnelRegistry _registry = new();

    [Fact]
    public void Pick_ForHttp2_OnlyChoosesAgentsThatServeIt()
    {
        var older = Session("c1", servesHttp2: false);
        var newer = Session("c1", servesHttp2: true);
        _registry.Add(older);
        _registry.Add(newer);

        Assert.True(_registry.ServesHttp2("c1"));
        Assert.All(Enumerable.Range(0, 6), _ => Assert.Same(newer, _registry.Pick("c1", http2: true)));
        Assert.Equal([older, newer], Enumerable.Range(0, 6).Select(_ => _registry.Pick("c1")).Distinct().OrderBy(s => s == newer));
    }

    [Fact]
    public void Pick_ForHttp2_WithOnlyOlderAgents_FindsNone_AndHttp1StillWorks()
    {
        var older = Session("c1", servesHttp2: false);
        _registry.Add(older);

        Assert.False(_registry.ServesHttp2("c1"));
        Assert.Null(_registry.Pick("c1", http2: true));
        Assert.Same(older, _registry.Pick("c1"));
    }

    [Fact]
    public void Pick_AfterTheHttp2AgentLeft_FallsBackToNone()
    {
        var newer = Session("c1", servesHttp2: true);
        _registry.Add(newer);
        _registry.Remove(newer);

        Assert.False(_registry.ServesHttp2("c1"));
        Assert.Null(_registry.Pick("c1", http2: true));
        Assert.False(_registry.IsConnected("c1"));
    }

    private static AgentSession Session(string clusterId, bool servesHttp2)
    {
        var session = new AgentSession(clusterId, WebSocket.CreateFromStream(new MemoryStream(), new WebSocketCreationOptions { IsServer = true }), TimeProvider.System);
        session.Greeted(new AgentHello("1.0.0", "v1.32.0", servesHttp2 ? [DataProtocols.Http2] : null, TunnelControlMessage.CurrentVersion));
        return session;
    }
}
