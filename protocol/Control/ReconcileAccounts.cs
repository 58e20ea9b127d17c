using System.Text.Json.Serialization;

namespace Paralus.TunnelProtocol.Control;

/// <summary>Relay → agent: make these users' service accounts match their access now.</summary>
public sealed record ReconcileAccounts(
    [property: JsonPropertyName("accounts")] IReadOnlyList<JitAccountAccess> Accounts) : TunnelControlMessage
{
    /// <summary>Any number of accounts, as messages of bounded size.</summary>
    public static IEnumerable<ReconcileAccounts> Chunked(IEnumerable<JitAccountAccess> accounts) =>
        accounts.Chunk(MaxAccountsPerMessage).Select(chunk => new ReconcileAccounts(chunk));
}
