using System.CommandLine;
using Paralus.Cli.Api;
using Paralus.Cli.Parsing;
using Paralus.Cli.Resources;
using Paralus.Domain.Contracts;

namespace Paralus.Cli.Commands;

/// <summary><c>audit system</c>: who changed what in the control plane; <c>audit kubectl</c>: who did what with kubectl. Newest first.</summary>
internal sealed class AuditCommands(ResourceCommandFactory factory) : ICommandGroup
{
    public static ResourceKind<SystemAuditEventResource> SystemKind { get; } = new("auditevent", "audit events", ApiRoutes.SystemAudit, audit => audit.Id,
    [
        TableColumn<SystemAuditEventResource>.Text("TIME", audit => TimeBound.ToRfc3339(audit.Time)),
        TableColumn<SystemAuditEventResource>.Text("ACTOR", audit => audit.Actor),
        TableColumn<SystemAuditEventResource>.Text("ACTION", audit => audit.Action),
        TableColumn<SystemAuditEventResource>.Text("TARGET", audit => audit.Target),
        TableColumn<SystemAuditEventResource>.Text("PROJECT", audit => audit.Project),
        TableColumn<SystemAuditEventResource>.Text("OUTCOME", audit => audit.Outcome),
    ]);

    public static ResourceKind<KubectlAuditEventResource> KubectlKind { get; } = new("auditevent", "kubectl audit events", ApiRoutes.KubectlAudit, audit => audit.Id,
    [
        TableColumn<KubectlAuditEventResource>.Text("TIME", audit => TimeBound.ToRfc3339(audit.Time)),
        TableColumn<KubectlAuditEventResource>.Text("USER", audit => audit.User),
        TableColumn<KubectlAuditEventResource>.Text("CLUSTER", audit => audit.Cluster),
        TableColumn<KubectlAuditEventResource>.Text("VERB", audit => audit.Verb),
        TableColumn<KubectlAuditEventResource>.Text("RESOURCE", audit => audit.Subresource is { } sub ? $"{audit.Resource}/{sub}" : audit.Resource),
        TableColumn<KubectlAuditEventResource>.Text("NAMESPACE", audit => audit.Namespace),
        TableColumn<KubectlAuditEventResource>.Text("NAME", audit => audit.Name),
        TableColumn<KubectlAuditEventResource>.Text("STATUS", audit => audit.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        TableColumn<KubectlAuditEventResource>.Text("DECISION", audit => audit.Decision),
    ]);

    public void AddTo(CommandVerbs verbs)
    {
        var system = factory.List("system", "Show control-plane audit events (logins, changes to users, groups, roles, ...).", SystemKind,
        [
            TimeFilter("--since", "since", "Only events newer than this: a duration such as 30s, 15m, 1h, 7d, or an RFC 3339 time."),
            TimeFilter("--until", "until", "Only events older than this: a duration ago or an RFC 3339 time."),
            ListFilter.Text("--actor", "actor", "Only events caused by this user."),
            ListFilter.Text("--action", "action", "Only events of this action, like user.create."),
            ListFilter.Text("--project", "project", "Only events in this project."),
        ]);
        var kubectl = factory.List("kubectl", "Show what people did with kubectl through the relays, allowed or denied, and why.", KubectlKind,
        [
            TimeFilter("--since", "since", "Only requests newer than this: a duration such as 15m, 1h, 7d, or an RFC 3339 time (default 24h)."),
            TimeFilter("--until", "until", "Only requests older than this: a duration ago or an RFC 3339 time."),
            ListFilter.Text("--cluster", "cluster", "Only requests to this cluster."),
            ListFilter.Text("--project", "project", "Only requests to clusters of this project."),
            ListFilter.Text("--user", "user", "Only requests of this user."),
            ListFilter.Text("--namespace", "namespace", "Only requests in this namespace."),
            ListFilter.Text("--verb", "verb", "Only this Kubernetes verb: get, list, watch, create, update, patch, delete, ..."),
            ListFilter.Text("--resource", "resource", "Only this resource, like deployments."),
            ListFilter.Text("--name", "name", "Only requests naming this object."),
            ListFilter.Text("--decision", "decision", "Only allowed or only denied requests: allow or deny."),
            ListFilter.Text("--status", "status", "Only answers of this class: 2xx, 4xx, 5xx."),
        ]);
        verbs.Root.Subcommands.Add(new Command("audit", "Query audit events.") { system, kubectl });
    }

    /// <summary>Relative times are turned into absolute ones here, against the CLI's clock, as the API takes RFC 3339.</summary>
    private ListFilter TimeFilter(string optionName, string queryKey, string description)
    {
        var option = new Option<string?>(optionName) { Description = description, HelpName = "duration|time" };
        return new ListFilter(option, queryKey, parseResult => parseResult.GetValue(option) is { } text
            ? TimeBound.ToRfc3339(TimeBound.Parse(optionName, text, factory.Context.TimeProvider.GetUtcNow()))
            : null);
    }
}
