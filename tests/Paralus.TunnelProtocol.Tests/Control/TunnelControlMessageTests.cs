using System.Text;
using System.Text.Json;
using Paralus.TunnelProtocol.Control;

namespace Paralus.TunnelProtocol.Tests.Control;

public sealed class TunnelControlMessageTests
{
    /// <summary>
    /// Each message as this build writes it. Agents and relays from before typed messages read exactly these field names
    /// and type strings, so a change here breaks a mixed fleet during an upgrade.
    /// </summary>
    public static TheoryData<TunnelControlMessage, string> Wire => new()
    {
        { new AgentHello("1.4.0", "v1.32.1", [DataProtocols.Http2], 2), """{"type":"hello","agentVersion":"1.4.0","kubernetesVersion":"v1.32.1","dataProtocols":["h2"],"protocolVersion":2}""" },
        { new RelayWelcome("s1", 2), """{"type":"welcome","id":"s1","protocolVersion":2}""" },
        { new OpenDataConnection("c1"), """{"type":"open","id":"c1"}""" },
        { new OpenDataConnection("c2", DataProtocols.Http2), """{"type":"open","id":"c2","protocol":"h2"}""" },
        { new SpareDataConnection(), """{"type":"spare"}""" },
        { new SyncAccounts([new JitAccountAccess("paralus-u1")]), """{"type":"sync","accounts":[{"serviceAccount":"paralus-u1"}]}""" },
        { new ReconcileAccounts([new JitAccountAccess("paralus-u1", "u1", "a"), new JitAccountAccess("paralus-u2", "u2")]),
            """{"type":"reconcile","accounts":[{"serviceAccount":"paralus-u1","user":"u1","access":"a"},{"serviceAccount":"paralus-u2","user":"u2"}]}""" },
        { new AgentSettings(600), """{"type":"settings","inactivityTimeoutSeconds":600}""" },
    };

    [Theory]
    [MemberData(nameof(Wire))]
    public void EachMessage_IsWrittenAsOlderPeersRead_AndReadsBackAsTheSameRecord(TunnelControlMessage message, string json)
    {
        Assert.Equal(json, Encoding.UTF8.GetString(TunnelControlChannel.Format(message)));
        var read = TunnelControlChannel.Parse(Encoding.UTF8.GetBytes(json));
        Assert.Equal(message.GetType(), read.GetType());
        Assert.Equal(json, Encoding.UTF8.GetString(TunnelControlChannel.Format(read)));
    }

    [Fact]
    public void PeersThatDoNotAnnounceAVersion_ReadAsVersionOne()
    {
        var hello = Assert.IsType<AgentHello>(TunnelControlChannel.Parse("""{"type":"hello","agentVersion":"1.0.0","kubernetesVersion":"v1.30.0"}"""u8));
        Assert.Equal(TunnelControlMessage.UnannouncedVersion, hello.ProtocolVersion);
        Assert.Null(hello.DataProtocols);
        var welcome = Assert.IsType<RelayWelcome>(TunnelControlChannel.Parse("""{"type":"welcome","id":"s1"}"""u8));
        Assert.Equal((TunnelControlMessage.UnannouncedVersion, "s1"), (welcome.ProtocolVersion, welcome.SessionId));
        Assert.True(TunnelControlMessage.CurrentVersion > TunnelControlMessage.UnannouncedVersion);
    }

    [Fact]
    public void TypeAnywhereInTheObject_AndUnknownFields_AreAccepted()
    {
        var open = Assert.IsType<OpenDataConnection>(TunnelControlChannel.Parse("""{"id":"c9","future":{"x":1},"protocol":"h2","type":"open"}"""u8));
        Assert.Equal(("c9", "h2"), (open.Id, open.Protocol));
    }

    [Theory]
    [InlineData("""{"type":"drain","deadlineSeconds":30}""")]
    [InlineData("""{"deadlineSeconds":30}""")]
    public void AMessageThisBuildDoesNotKnow_ReadsAsThePlainBase_WhichBothEndsIgnore(string json) =>
        Assert.Equal(typeof(TunnelControlMessage), TunnelControlChannel.Parse(Encoding.UTF8.GetBytes(json)).GetType());

    [Theory]
    [InlineData("""{"type":"sync"}""")]
    [InlineData("""{"type":"reconcile","accounts":null}""")]
    [InlineData("""{"type":"open"}""")]
    [InlineData("""{"type":"welcome","id":null}""")]
    [InlineData("""{"type":"settings"}""")]
    [InlineData("""{"type":"reconcile","accounts":[{"user":"u1"}]}""")]
    [InlineData("null")]
    public void AKnownMessageMissingWhatItNeeds_IsRefused(string json) =>
        Assert.Throws<JsonException>(() => TunnelControlChannel.Parse(Encoding.UTF8.GetBytes(json)));
}
