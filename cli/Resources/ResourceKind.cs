using Paralus.Cli.Api;

namespace Paralus.Cli.Resources;

/// <summary>
/// What the generic commands need to know about one kind of resource: how it is called, where it lives in the
/// API, what identifies one, and which columns the table shows.
/// </summary>
internal sealed class ResourceKind<T>(string singular, string plural, string collectionPath, Func<T, string> nameOf, IReadOnlyList<TableColumn<T>> columns)
{
    /// <summary>The kind in <c>kind/name</c> references and in command names: <c>project</c>.</summary>
    public string Singular { get; } = singular;

    public string Plural { get; } = plural;

    public string CollectionPath { get; } = collectionPath;

    public IReadOnlyList<TableColumn<T>> Columns { get; } = columns;

    /// <summary>What identifies one resource in its URL: "name" for most, "id" for role bindings and API keys.</summary>
    public string KeyName { get; init; } = "name";

    /// <summary>False for kinds the API only lists (API keys, permissions): <c>get</c> then takes no name.</summary>
    public bool HasItemEndpoint { get; init; } = true;

    /// <summary>A query parameter every list of this kind sends, for kinds that are part of a wider collection (service users of the users).</summary>
    public KeyValuePair<string, string>? ListScope { get; init; }

    public string NameOf(T item) => nameOf(item);

    public string ItemPath(string name) => ApiRoutes.Item(CollectionPath, name);

    public string Reference(string name) => $"{Singular}/{name}";

    public string Reference(T item) => Reference(NameOf(item));
}
