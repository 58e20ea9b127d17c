using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Paralus.Cli.Api;

/// <summary>JSON as the REST API speaks it: camelCase, enums as strings, absent instead of null.</summary>
internal static class ApiJson
{
    public static JsonSerializerOptions Options { get; } = Create(indented: false);

    /// <summary>For people: indented, and '+', '&lt;' or non-ASCII letters left as they are rather than \u-escaped.</summary>
    public static JsonSerializerOptions Indented { get; } = Create(indented: true);

    private static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            WriteIndented = indented,
        };
        if (indented)
        {
            options.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        }

        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
