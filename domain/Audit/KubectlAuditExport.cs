using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Paralus.Domain.Audit;

/// <summary>
/// kubectl audit events as lines for other tools: JSON lines (the event as the API shows it), CSV for access reviews
/// in a spreadsheet, and Kubernetes audit <c>Event</c>s (<c>audit.k8s.io/v1</c>, level Metadata, stage
/// ResponseComplete) for SIEMs that read the apiserver's log: the person in <c>user</c>, the JIT service account in
/// <c>impersonatedUser</c>, project, cluster, decision and reason in <c>annotations</c>.
/// </summary>
public static class KubectlAuditExport
{
    public const string JsonLines = "jsonl";
    public const string Csv = "csv";
    public const string Kubernetes = "k8s";

    public static IReadOnlyList<string> Formats { get; } = [JsonLines, Csv, Kubernetes];

    public static string ContentType(string format) => format == Csv ? "text/csv; charset=utf-8" : "application/x-ndjson";

    private static readonly string[] CsvColumns =
    [
        "time", "id", "user", "cluster", "project", "namespace", "verb", "apiGroup", "resource", "subresource", "name", "status",
        "decision", "reason", "durationMs", "sourceAddress", "userAgent", "credentialKind", "serviceAccount", "requestUri",
        "bytesIn", "bytesOut", "command", "exitCode", "identityProvider", "group",
    ];

    /// <summary>The first line of the format, or null when it has none.</summary>
    public static string? Header(string format) => format == Csv ? string.Join(',', CsvColumns) + "\n" : null;

    /// <summary>One event as one line, ending in a newline. <paramref name="asJson"/> writes the API's own shape for JSON lines.</summary>
    public static string Line(string format, KubectlAuditEvent e, Action<Utf8JsonWriter> asJson) => format switch
    {
        Csv => CsvLine(e),
        Kubernetes => KubernetesEvent(e),
        _ => Json(asJson),
    };

    private static string CsvLine(KubectlAuditEvent e)
    {
        string?[] cells =
        [
            e.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture), e.Id, e.User, e.Cluster, e.Project, e.Namespace,
            e.Verb, e.ApiGroup, e.Resource, e.Subresource, e.Name, e.Status.ToString(CultureInfo.InvariantCulture), e.Decision, e.Reason,
            e.DurationMs.ToString(CultureInfo.InvariantCulture), e.SourceAddress, e.UserAgent, e.CredentialKind, e.ServiceAccount, e.RequestUri,
            e.BytesIn?.ToString(CultureInfo.InvariantCulture), e.BytesOut?.ToString(CultureInfo.InvariantCulture),
            e.Session is { Command.Count: > 0 } session ? string.Join(' ', session.Command) : null, e.Session?.ExitCode?.ToString(CultureInfo.InvariantCulture),
            e.IdentityProvider, e.Group,
        ];
        return string.Join(',', cells.Select(CsvCell)) + "\n";
    }

    /// <summary>RFC 4180 quoting; a cell a spreadsheet would run as a formula (=, +, -, @) is prefixed with a quote mark.</summary>
    private static string CsvCell(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private static string KubernetesEvent(KubectlAuditEvent e) => Json(w =>
    {
        w.WriteStartObject();
        w.WriteString("kind", "Event");
        w.WriteString("apiVersion", "audit.k8s.io/v1");
        w.WriteString("level", "Metadata");
        w.WriteString("auditID", e.Id);
        w.WriteString("stage", "ResponseComplete");
        w.WriteString("requestURI", e.RequestUri);
        w.WriteString("verb", e.Verb);
        w.WriteStartObject("user");
        w.WriteString("username", e.User);
        w.WriteString("uid", e.UserId);
        w.WriteEndObject();
        if (e.ServiceAccount is { } account)
        {
            w.WriteStartObject("impersonatedUser");
            w.WriteString("username", $"system:serviceaccount:paralus-system:{account}");
            w.WriteEndObject();
        }
        if (e.SourceAddress is { } address)
        {
            w.WriteStartArray("sourceIPs");
            w.WriteStringValue(address);
            w.WriteEndArray();
        }
        if (e.UserAgent is { } agent) w.WriteString("userAgent", agent);
        if (e.Resource is { } resource)
        {
            w.WriteStartObject("objectRef");
            w.WriteString("resource", resource);
            if (e.Namespace is { } ns) w.WriteString("namespace", ns);
            if (e.Name is { } name) w.WriteString("name", name);
            w.WriteString("apiGroup", e.ApiGroup ?? "");
            if (e.Subresource is { } sub) w.WriteString("subresource", sub);
            w.WriteEndObject();
        }
        w.WriteStartObject("responseStatus");
        w.WriteStartObject("metadata");
        w.WriteEndObject();
        w.WriteNumber("code", e.Status);
        w.WriteEndObject();
        w.WriteString("requestReceivedTimestamp", Timestamp(e.Time));
        w.WriteString("stageTimestamp", Timestamp(e.Time.AddMilliseconds(e.DurationMs)));
        w.WriteStartObject("annotations");
        w.WriteString("authorization.k8s.io/decision", e.Decision == KubectlAuditDecisions.Allow ? "allow" : "forbid");
        if (e.Reason is { } reason) w.WriteString("authorization.k8s.io/reason", reason);
        w.WriteString("paralus.io/cluster", e.Cluster);
        if (e.Project is { } project) w.WriteString("paralus.io/project", project);
        w.WriteString("paralus.io/credential", e.CredentialKind);
        if (e.Session is { Command.Count: > 0 } session) w.WriteString("paralus.io/command", string.Join(' ', session.Command));
        if (e.Session?.ExitCode is { } exitCode) w.WriteString("paralus.io/exit-code", exitCode.ToString(CultureInfo.InvariantCulture));
        if (e.IdentityProvider is { } idp) w.WriteString("paralus.io/identity-provider", idp);
        if (e.Group is { } group) w.WriteString("paralus.io/group", group);
        w.WriteEndObject();
        w.WriteEndObject();
    });

    /// <summary>The apiserver's MicroTime: RFC 3339 with microseconds, in UTC.</summary>
    private static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    private static string Json(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }
}
