using Microsoft.AspNetCore.Connections.Features;

namespace Paralus.Relay.Hosting;

/// <summary>Which listener a connection arrived on: users and agents never share endpoints.</summary>
internal enum ListenerKind
{
    User,
    Agent,
}

internal static class ListenerKindExtensions
{
    private const string Key = "paralus.listener";

    public static void Tag(this Microsoft.AspNetCore.Connections.ConnectionContext connection, ListenerKind kind) => connection.Items[Key] = kind;

    public static ListenerKind? Listener(this HttpContext http) =>
        http.Features.Get<IConnectionItemsFeature>()?.Items.TryGetValue(Key, out var kind) == true ? (ListenerKind)kind! : null;
}
