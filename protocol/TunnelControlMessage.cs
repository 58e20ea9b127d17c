using System.Text.Json.Serialization;
using Paralus.Domain.Model;

namespace Paralus.TunnelProtocol;

/// <summary>
/// A message on an agent's control WebSocket. Relay → agent: <c>welcome</c> (the session id to put in data URLs),
/// <c>open</c> (dial a data connection with this id now, for HTTP/1.1 or the named <c>protocol</c>) and <c>spare</c>
/// (dial one more idle HTTP/1.1 data connection).
/// <c>reconcile</c> (make these users' service accounts match their access now), <c>settings</c> (the organization's
/// service-account inactivity timeout, for the agent's sweeper).
/// Agent → relay: <c>hello</c> with its versions and the data protocols it serves besides HTTP/1.1, <c>sync</c> (the service accounts it holds, after every connect,
/// answered by a <c>reconcile</c> for them, so changes it missed while away are applied).
/// </summary>
public sealed record TunnelControlMessage(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("id"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Id = null,
    [property: JsonPropertyName("agentVersion"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? AgentVersion = null,
    [property: JsonPropertyName("kubernetesVersion"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? KubernetesVersion = null,
    [property: JsonPropertyName("accounts"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<JitAccountAccess>? Accounts = null,
    [property: JsonPropertyName("inactivityTimeoutSeconds"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? InactivityTimeoutSeconds = null,
    [property: JsonPropertyName("protocol"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Protocol = null,
    [property: JsonPropertyName("dataProtocols"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? DataProtocols = null)
{
    public const string Open = "open";
    public const string Spare = "spare";
    public const string Hello = "hello";
    public const string Welcome = "welcome";
    public const string Sync = "sync";
    public const string Reconcile = "reconcile";
    public const string Settings = "settings";

    /// <summary>
    /// A data connection that carries HTTP/2 (prior knowledge) instead of HTTP/1.1: named in an <c>open</c>, and
    /// offered in <c>hello</c>'s <c>dataProtocols</c> by agents that serve it; relays use it only with those.
    /// </summary>
    public const string Http2 = "h2";

    public static TunnelControlMessage SettingsOf(OrganizationSettings settings) =>
        new(Settings, InactivityTimeoutSeconds: (long)settings.ServiceAccountInactivityTimeout.TotalSeconds);

    /// <summary>Accounts per sync or reconcile message, so one stays far below <see cref="TunnelControlChannel.MaxMessageBytes"/>.</summary>
    public const int MaxAccountsPerMessage = 256;

    /// <summary>A <c>sync</c> or <c>reconcile</c> of any number of accounts, as messages of bounded size.</summary>
    public static IEnumerable<TunnelControlMessage> ForAccounts(string type, IEnumerable<JitAccountAccess> accounts) =>
        accounts.Chunk(MaxAccountsPerMessage).Select(chunk => new TunnelControlMessage(type, Accounts: chunk));
}
