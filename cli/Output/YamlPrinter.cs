using System.Text.Json;
using System.Text.Json.Nodes;
using Paralus.Cli.Api;
using Paralus.Cli.Resources;
using Paralus.Domain.Contracts;
using YamlDotNet.Serialization;

namespace Paralus.Cli.Output;

/// <summary>
/// <c>-o yaml</c>: the same document as <c>-o json</c> (same field names, same omissions), written as YAML by going
/// through the JSON tree rather than letting YamlDotNet name the CLR properties itself.
/// </summary>
internal sealed class YamlPrinter(TextWriter output) : IResourcePrinter
{
    private static readonly ISerializer Serializer = new SerializerBuilder().WithQuotingNecessaryStrings().Build();

    public void PrintList<T>(ResourceKind<T> kind, ListResponse<T> list) => Write(list);

    public void PrintItem<T>(ResourceKind<T> kind, T item) => Write(item);

    public void PrintMore<T>(ResourceKind<T> kind, IReadOnlyList<T> items, bool first)
    {
        foreach (var item in items)
        {
            output.WriteLine("---");
            Write(item);
        }
    }

    private void Write<TValue>(TValue value) =>
        output.Write(Serializer.Serialize(ToPlain(JsonSerializer.SerializeToNode(value, ApiJson.Indented))));

    private static object? ToPlain(JsonNode? node) => node switch
    {
        null => null,
        JsonObject obj => obj.ToDictionary(property => property.Key, property => ToPlain(property.Value)),
        JsonArray array => array.Select(ToPlain).ToList(),
        JsonValue value => value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number when value.TryGetValue<long>(out var whole) => whole,
            JsonValueKind.Number => value.GetValue<double>(),
            _ => null,
        },
        _ => null,
    };
}
