using System.Text.Json;

namespace Paralus.Domain.Kubernetes;

/// <summary>The apiserver's failure <c>Status</c> object, which kubectl prints as "Error from server (Reason): message".</summary>
public static class KubernetesStatusBody
{
    public const string ContentType = "application/json";

    public static string Failure(int code, string reason, string message) => JsonSerializer.Serialize(new
    {
        kind = "Status",
        apiVersion = "v1",
        metadata = new { },
        status = "Failure",
        message,
        reason,
        code,
    });
}
