using System.Text.Json.Nodes;
using Paralus.Sandbox.Api;
using Paralus.Sandbox.Storage;

namespace Paralus.Sandbox.Streams;

/// <summary>
/// What an exec or attach asks for, read from the query string the same way for WebSocket and SPDY.
/// <see cref="EndsContainer"/>: the command stands for the container's own process (an attached shell), so its
/// end is the container's.
/// </summary>
internal sealed record ExecRequest(
    IReadOnlyList<string> Command,
    string PodNamespace,
    string PodName,
    string PodUid,
    string Container,
    IReadOnlyDictionary<string, string> Environment,
    bool Stdin,
    bool Stdout,
    bool Stderr,
    bool Tty,
    bool Attach,
    bool EndsContainer)
{
    public static ExecRequest Parse(HttpContext context, JsonObject pod, bool attach)
    {
        var query = context.Request.Query;
        var spec = PodContainers.Find(pod, query["container"].ToString());
        var command = attach ? AttachedProcess(spec) : query["command"].Where(c => c is not null).Select(c => c!).ToList();
        return new ExecRequest(command, Meta.Namespace(pod), Meta.Name(pod), Meta.Uid(pod), Meta.Text(spec, "name"), EnvironmentOf(pod, spec),
            QueryFlag.IsTrue(query["stdin"]), QueryFlag.IsTrue(query["stdout"]), QueryFlag.IsTrue(query["stderr"]), QueryFlag.IsTrue(query["tty"]),
            attach, EndsContainer: attach && command is ["sh"]);
    }

    /// <summary>
    /// The Status sent on the error channel when the command ends. An attach always ends with Success, as the
    /// kubelet's does: the exit code of the container is in the pod's status instead.
    /// </summary>
    public JsonObject ExitStatus(int exitCode) => exitCode == 0 || Attach
        ? new JsonObject { ["metadata"] = new JsonObject(), ["status"] = "Success" }
        : new JsonObject
        {
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = $"command terminated with non-zero exit code: error executing command [{string.Join(' ', Command)}], error: exit status {exitCode}",
            ["reason"] = "NonZeroExitCode",
            ["details"] = new JsonObject
            {
                ["causes"] = new JsonArray(new JsonObject { ["reason"] = "ExitCode", ["message"] = exitCode.ToString(System.Globalization.CultureInfo.InvariantCulture) }),
            },
        };

    /// <summary>
    /// What an attach talks to, since no container process runs: a shell when the container's command is one, or
    /// when it has none (the image's default) but keeps stdin open (<c>kubectl run -it</c>, <c>kubectl debug -it</c>);
    /// otherwise <c>cat</c>, so that what is sent comes back.
    /// </summary>
    private static readonly string[] CommandFields = ["command", "args"];

    private static List<string> AttachedProcess(JsonObject container)
    {
        var argv = CommandFields
            .SelectMany(field => (container[field] as JsonArray ?? []).Select(a => a?.ToString() ?? ""))
            .ToList();
        var shell = argv.Count == 0
            ? container["stdin"] is JsonValue stdin && stdin.TryGetValue<bool>(out var open) && open
            : BuiltinCommands.IsInteractiveShell(argv);
        return shell ? ["sh"] : ["cat"];
    }

    private static Dictionary<string, string> EnvironmentOf(JsonObject pod, JsonObject container)
    {
        var environment = new Dictionary<string, string>
        {
            ["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            ["HOSTNAME"] = Meta.Name(pod),
            ["KUBERNETES_SERVICE_HOST"] = "10.96.0.1",
            ["KUBERNETES_SERVICE_PORT"] = "443",
            ["HOME"] = "/root",
        };
        foreach (var variable in (container["env"] as JsonArray ?? []).OfType<JsonObject>())
            environment[Meta.Text(variable, "name")] = Meta.Text(variable, "value");
        return environment;
    }
}
