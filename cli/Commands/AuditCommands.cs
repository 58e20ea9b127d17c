using System.CommandLine;
using Paralus.Cli.Api;
using Paralus.Cli.Parsing;
using Paralus.Cli.Resources;
using Paralus.Domain.Contracts;

namespace Paralus.Cli.Commands;

/// <summary><c>audit system</c>: who changed what in the control plane, newest first.</summary>
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
        verbs.Root.Subcommands.Add(new Command("audit", "Query audit events.") { system });
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
