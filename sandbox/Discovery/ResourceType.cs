using System.Text.Json.Nodes;

namespace Paralus.Sandbox.Discovery;

/// <summary>One served resource: how discovery describes it and how the store keys it.</summary>
internal sealed record ResourceType(
    string Group,
    string Version,
    string Kind,
    string Plural,
    bool Namespaced,
    string[] ShortNames,
    string[] Verbs,
    string[] Categories,
    string[] Subresources)
{
    /// <summary>Review-style resources are answered, never stored.</summary>
    public bool Stored => Verbs.Contains("get");

    public string Singular => Kind.ToLowerInvariant();

    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>Store key: the group and plural name, independent of the served version.</summary>
    public string Key => $"{Group}/{Plural}";

    public string ListKind => Kind + "List";

    /// <summary>A kind served for a CustomResourceDefinition rather than built in.</summary>
    public bool Custom { get; init; }

    /// <summary>The CRD's <c>additionalPrinterColumns</c> for this version (custom kinds only).</summary>
    public JsonArray? PrinterColumns { get; init; }

    /// <summary>The CRD's <c>openAPIV3Schema</c> for this version (custom kinds only).</summary>
    public JsonObject? Schema { get; init; }
}
