using System.Globalization;
using System.Text.Json;

namespace Paralus.Domain.Audit;

/// <summary>
/// The exit code in the <c>Status</c> an apiserver sends on an exec's error channel when the command ends:
/// <c>Success</c> is 0, <c>NonZeroExitCode</c> carries the code as the message of its <c>ExitCode</c> cause.
/// </summary>
public static class KubectlExecStatus
{
    /// <summary>Null when the status says nothing about an exit code (another failure, or not a Status at all).</summary>
    public static int? ExitCode(ReadOnlySpan<byte> status)
    {
        try
        {
            var reader = new Utf8JsonReader(status);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("status", out var outcome)) return null;
            if (outcome.ValueEquals("Success")) return 0;
            if (!root.TryGetProperty("reason", out var reason) || !reason.ValueEquals("NonZeroExitCode")
                || !root.TryGetProperty("details", out var details) || details.ValueKind != JsonValueKind.Object
                || !details.TryGetProperty("causes", out var causes) || causes.ValueKind != JsonValueKind.Array)
            {
                return null;
            }
            foreach (var cause in causes.EnumerateArray())
            {
                if (cause.ValueKind == JsonValueKind.Object && cause.TryGetProperty("reason", out var kind) && kind.ValueEquals("ExitCode")
                    && cause.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String
                    && int.TryParse(message.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var code))
                {
                    return code;
                }
            }
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
