using System.Text.Json.Nodes;
using Paralus.Sandbox.Storage;

namespace Paralus.Sandbox.Api;

/// <summary>
/// Field selectors (<c>metadata.name=x</c>, <c>metadata.namespace!=y</c>, <c>status.phase=Running</c>),
/// evaluated on the object's JSON, which covers the fields kubectl and controllers use.
/// </summary>
internal sealed class FieldSelector
{
    private readonly List<(string Path, string Value, bool Equal)> _terms = [];

    public static FieldSelector Parse(string? text)
    {
        var selector = new FieldSelector();
        if (string.IsNullOrWhiteSpace(text)) return selector;
        foreach (var term in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var notEqual = term.IndexOf("!=", StringComparison.Ordinal);
            if (notEqual > 0)
            {
                selector._terms.Add((term[..notEqual], term[(notEqual + 2)..], false));
                continue;
            }
            var equal = term.IndexOf('=');
            if (equal <= 0) throw StatusException.BadRequest($"invalid field selector: '{term}' is not a valid field selector");
            var value = term[(equal + 1)..];
            if (value.StartsWith('=')) value = value[1..];
            selector._terms.Add((term[..equal], value, true));
        }
        return selector;
    }

    public bool Matches(JsonObject obj) =>
        _terms.All(t => ((Meta.Field(obj, t.Path) ?? "") == t.Value) == t.Equal);
}
