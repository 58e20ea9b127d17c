using System.Text.Json;

namespace Paralus.Functions.Triggers;

/// <summary>The payload the Functions host POSTs to a custom handler for a non-HTTP trigger.</summary>
internal sealed record CustomHandlerInvocation(Dictionary<string, JsonElement>? Data, Dictionary<string, JsonElement>? Metadata);

/// <summary>What a custom handler answers for a non-HTTP trigger.</summary>
internal sealed record CustomHandlerResult(Dictionary<string, object?> Outputs, IReadOnlyList<string> Logs, object? ReturnValue);
