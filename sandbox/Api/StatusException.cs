using System.Text.Json.Nodes;

namespace Paralus.Sandbox.Api;

/// <summary>
/// A request that ends with a Kubernetes <c>Status</c> error. Thrown from deep inside the store
/// and admission so that every handler answers the way the real apiserver does.
/// </summary>
internal sealed class StatusException(int code, string reason, string message, JsonObject? details = null)
    : Exception(message)
{
    public int Code { get; } = code;

    public string Reason { get; } = reason;

    public JsonObject ToStatus() => Status.Failure(Code, Reason, Message, details?.DeepClone().AsObject());

    public static StatusException NotFound(string resource, string group, string name) =>
        new(404, "NotFound", $"{Qualified(resource, group)} \"{name}\" not found", Details(resource, group, name));

    /// <summary>
    /// A path the apiserver does not serve. Its <c>details</c> is empty but present: kubectl reads
    /// <c>details.name</c> of this error without a nil check (e.g. <c>kubectl debug</c>).
    /// </summary>
    public static StatusException NoSuchResource() =>
        new(404, "NotFound", "the server could not find the requested resource", new JsonObject());

    public static StatusException AlreadyExists(string resource, string group, string name) =>
        new(409, "AlreadyExists", $"{Qualified(resource, group)} \"{name}\" already exists", Details(resource, group, name));

    public static StatusException Conflict(string resource, string group, string name) =>
        new(409, "Conflict",
            $"Operation cannot be fulfilled on {Qualified(resource, group)} \"{name}\": the object has been modified; please apply your changes to the latest version and try again",
            Details(resource, group, name));

    public static StatusException Invalid(string kind, string group, string name, string field, string problem) =>
        new(422, "Invalid", $"{kind} \"{name}\" is invalid: {field}: {problem}",
            new JsonObject
            {
                ["name"] = name,
                ["group"] = group,
                ["kind"] = kind,
                ["causes"] = new JsonArray(new JsonObject { ["reason"] = "FieldValueInvalid", ["message"] = problem, ["field"] = field }),
            });

    public static StatusException BadRequest(string message) => new(400, "BadRequest", message);

    public static StatusException MethodNotAllowed(string message) => new(405, "MethodNotAllowed", message);

    public static StatusException Unauthorized() => new(401, "Unauthorized", "Unauthorized");

    public static StatusException Gone(string message) => new(410, "Expired", message);

    private static string Qualified(string resource, string group) => group.Length == 0 ? resource : $"{resource}.{group}";

    private static JsonObject Details(string resource, string group, string name)
    {
        var details = new JsonObject { ["name"] = name };
        if (group.Length > 0) details["group"] = group;
        details["kind"] = resource;
        return details;
    }
}
