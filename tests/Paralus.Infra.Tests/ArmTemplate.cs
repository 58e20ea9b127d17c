using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Paralus.Infra.Tests;

/// <summary>
/// Reads resources out of a compiled ARM template, modules (nested deployments) included. Resolves just the
/// expressions Bicep emits for constant names and values: <c>[variables('x')]</c>, and the segments of
/// <c>[format('{0}/{1}', …)]</c> names. A segment that depends on a parameter or a loop reads as null.
/// </summary>
public sealed partial class ArmTemplate
{
    private readonly List<Resource> _resources = [];

    public ArmTemplate(JsonNode template) => Collect(template);

    public sealed record Resource(string Type, IReadOnlyList<string?> NameSegments, Func<string, JsonNode?> Property)
    {
        public string? Name => NameSegments[^1];
    }

    public IReadOnlyList<Resource> OfType(string type) => _resources.Where(r => r.Type == type).ToArray();

    private void Collect(JsonNode template)
    {
        var variables = template["variables"]?.AsObject() ?? [];
        var resources = template["resources"] switch
        {
            JsonObject byName => byName.Select(pair => pair.Value!),
            JsonArray list => list.Select(node => node!),
            _ => [],
        };
        foreach (var resource in resources)
        {
            if (resource["properties"]?["template"] is { } nested)
            {
                Collect(nested);
                continue;
            }
            var properties = resource["properties"];
            _resources.Add(new Resource(
                (string)resource["type"]!,
                NameSegments((string)resource["name"]!, variables),
                name => Resolve(properties?[name], variables)));
        }
    }

    private static IReadOnlyList<string?> NameSegments(string name, JsonObject variables)
    {
        if (FormatCall().Match(name) is { Success: true } format)
        {
            return SplitArguments(format.Groups[1].Value).Skip(1).Select(argument => Literal(argument, variables)).ToArray();
        }
        return [Literal(name.StartsWith('[') ? name[1..^1] : $"'{name}'", variables)];
    }

    private static JsonNode? Resolve(JsonNode? value, JsonObject variables) =>
        value is JsonValue v && v.TryGetValue<string>(out var text) && VariableCall().Match(text) is { Success: true } variable
            ? variables[variable.Groups[1].Value]?.DeepClone()
            : value?.DeepClone();

    private static string? Literal(string argument, JsonObject variables)
    {
        argument = argument.Trim();
        if (argument.Length > 1 && argument[0] == '\'' && argument[^1] == '\'') return argument[1..^1];
        return VariableReference().Match(argument) is { Success: true } variable ? (string?)variables[variable.Groups[1].Value] : null;
    }

    // Splits "a, f(b, c), 'd'" at the commas outside parentheses and quotes.
    private static IEnumerable<string> SplitArguments(string arguments)
    {
        var (depth, quoted, start) = (0, false, 0);
        for (var i = 0; i < arguments.Length; i++)
        {
            switch (arguments[i])
            {
                case '\'': quoted = !quoted; break;
                case '(' or '[' when !quoted: depth++; break;
                case ')' or ']' when !quoted: depth--; break;
                case ',' when !quoted && depth == 0:
                    yield return arguments[start..i];
                    start = i + 1;
                    break;
            }
        }
        yield return arguments[start..];
    }

    [GeneratedRegex(@"^\[format\((.*)\)\]$")]
    private static partial Regex FormatCall();

    [GeneratedRegex(@"^\[variables\('([^']+)'\)\]$")]
    private static partial Regex VariableCall();

    [GeneratedRegex(@"^variables\('([^']+)'\)$")]
    private static partial Regex VariableReference();
}
