using System.Text.Json.Serialization;

namespace Paralus.TunnelProtocol.Control;

/// <summary>
/// A message on an agent's control WebSocket: a JSON object whose <c>type</c> names the record that carries it.
/// Relay → agent: <see cref="RelayWelcome"/>, <see cref="OpenDataConnection"/>, <see cref="SpareDataConnection"/>,
/// <see cref="ReconcileAccounts"/>, <see cref="AgentSettings"/>. Agent → relay: <see cref="AgentHello"/>,
/// <see cref="SyncAccounts"/>.
/// A type this side does not know reads as a plain <see cref="TunnelControlMessage"/>, which both ends ignore: a newer
/// peer may add messages without breaking an older one.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type", IgnoreUnrecognizedTypeDiscriminators = true)]
[JsonDerivedType(typeof(AgentHello), "hello")]
[JsonDerivedType(typeof(RelayWelcome), "welcome")]
[JsonDerivedType(typeof(OpenDataConnection), "open")]
[JsonDerivedType(typeof(SpareDataConnection), "spare")]
[JsonDerivedType(typeof(SyncAccounts), "sync")]
[JsonDerivedType(typeof(ReconcileAccounts), "reconcile")]
[JsonDerivedType(typeof(AgentSettings), "settings")]
public record TunnelControlMessage
{
    /// <summary>
    /// The protocol version this build speaks, announced in <see cref="AgentHello"/> and <see cref="RelayWelcome"/>.
    /// 1: peers from before versions were announced (the field is absent); 2: typed messages, version announced.
    /// </summary>
    public const int CurrentVersion = 2;

    /// <summary>What a peer that does not announce a version speaks.</summary>
    public const int UnannouncedVersion = 1;

    /// <summary>Accounts per sync or reconcile message, so one stays far below <see cref="TunnelControlChannel.MaxMessageBytes"/>.</summary>
    public const int MaxAccountsPerMessage = 256;

    /// <summary>Any number of accounts in chunks of at most <see cref="MaxAccountsPerMessage"/>, one per message.</summary>
    public static IEnumerable<JitAccountAccess[]> InChunks(IEnumerable<JitAccountAccess> accounts) => accounts.Chunk(MaxAccountsPerMessage);

    [JsonConstructor]
    protected TunnelControlMessage()
    {
    }
}
