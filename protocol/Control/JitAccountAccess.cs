using System.Text.Json.Serialization;

namespace Paralus.TunnelProtocol.Control;

/// <summary>
/// One JIT service account in a <c>sync</c> (agent → relay: only <see cref="ServiceAccount"/>) or <c>reconcile</c>
/// (relay → agent) control message. <see cref="Access"/> is a <see cref="JitAccessHeader"/> value, or
/// null when the user has no access left: the agent then deletes the account and its bindings.
/// </summary>
public sealed record JitAccountAccess(
    [property: JsonPropertyName("serviceAccount")] string ServiceAccount,
    [property: JsonPropertyName("user")] string? User = null,
    [property: JsonPropertyName("access")] string? Access = null);
