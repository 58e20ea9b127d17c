using System.Text.Json.Serialization;

namespace Paralus.TunnelProtocol.Control;

/// <summary>
/// Agent → relay after every connect: the JIT service accounts it holds (<see cref="JitAccountAccess.ServiceAccount"/>
/// only). The relay answers with <see cref="AgentSettings"/> and a <see cref="ReconcileAccounts"/> for them, so changes
/// the agent missed while away are applied.
/// </summary>
public sealed record SyncAccounts(
    [property: JsonPropertyName("accounts")] IReadOnlyList<JitAccountAccess> Accounts) : TunnelControlMessage;
