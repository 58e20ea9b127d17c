using System.Text.Json.Serialization;

namespace Paralus.TunnelProtocol.Control;

/// <summary>Relay → agent: make these users' service accounts match their access now.</summary>
public sealed record ReconcileAccounts(
    [property: JsonPropertyName("accounts")] IReadOnlyList<JitAccountAccess> Accounts) : TunnelControlMessage;
