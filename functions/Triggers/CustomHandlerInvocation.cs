using System.Text.Json;
using System.Text.Json.Serialization;

namespace Paralus.Functions.Triggers;

/// <summary>The payload the Functions host POSTs to a custom handler for a non-HTTP trigger.</summary>
internal sealed record CustomHandlerInvocation(
    [property: JsonPropertyName("Data")] Dictionary<string, JsonElement>? Data,
    [property: JsonPropertyName("Metadata")] Dictionary<string, JsonElement>? Metadata);

/// <summary>What a custom handler answers for a non-HTTP trigger; the host expects these exact names.</summary>
internal sealed record CustomHandlerResult(
    [property: JsonPropertyName("Outputs")] Dictionary<string, object?> Outputs,
    [property: JsonPropertyName("Logs")] IReadOnlyList<string> Logs,
    [property: JsonPropertyName("ReturnValue")] object? ReturnValue);
