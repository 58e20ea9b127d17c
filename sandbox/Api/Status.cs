using System.Text.Json.Nodes;

namespace Paralus.Sandbox.Api;

/// <summary>Builds failure <c>meta/v1 Status</c> bodies shaped like the apiserver's.</summary>
internal static class Status
{
    public static JsonObject Failure(int code, string reason, string message, JsonObject? details = null)
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = message,
            ["reason"] = reason,
        };
        if (details is not null) status["details"] = details;
        status["code"] = code;
        return status;
    }
}
