using System.CommandLine;
using System.Globalization;
using Paralus.Cli.Api;
using Paralus.Cli.Output;
using Paralus.Cli.Parsing;
using Paralus.Cli.Resources;
using Paralus.Domain.Audit;
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
        TableColumn<KubectlAuditEventResource>.Text("STATUS", audit => audit.Status.ToString(CultureInfo.InvariantCulture)),
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
        var filters = KubectlFilters();
        var kubectl = factory.FollowableList("kubectl", "Show what people did with kubectl through the relays, allowed or denied, and why.", KubectlKind, filters,
            (invocation, limit) => FollowAsync(invocation, filters, limit),
            (invocation, format) => ExportAsync(invocation, filters, format == OutputFormat.Csv ? KubectlAuditExport.Csv : KubectlAuditExport.Kubernetes));
        verbs.Root.Subcommands.Add(new Command("audit", "Query audit events.") { system, kubectl, Export(), Verify() });
    }

    public static ResourceKind<AuditFindingResource> FindingKind { get; } = new("finding", "audit findings", ApiRoutes.AuditVerify, finding => finding.Where,
    [
        TableColumn<AuditFindingResource>.Text("LOG", finding => finding.Log),
        TableColumn<AuditFindingResource>.Text("DAY", finding => TimeBound.ToDate(finding.Day)),
        TableColumn<AuditFindingResource>.Text("KIND", finding => finding.Kind),
        TableColumn<AuditFindingResource>.Text("RECORDS", finding => string.Join(",", finding.EventIds)),
        TableColumn<AuditFindingResource>.Text("WHERE", finding => finding.Where),
        TableColumn<AuditFindingResource>.Text("DETAIL", finding => finding.Detail),
    ]);

    public static ResourceKind<AuditVerificationResource> VerificationKind { get; } = new("verification", "verifications", ApiRoutes.AuditVerify,
        verification => $"{TimeBound.ToDate(verification.From)}..{TimeBound.ToDate(verification.To)}",
    [
        TableColumn<AuditVerificationResource>.Text("LOGS", v => string.Join(",", v.Logs)),
        TableColumn<AuditVerificationResource>.Text("FROM", v => TimeBound.ToDate(v.From)),
        TableColumn<AuditVerificationResource>.Text("TO", v => TimeBound.ToDate(v.To)),
        TableColumn<AuditVerificationResource>.Text("RECORDS", v => v.Records.ToString(CultureInfo.InvariantCulture)),
        TableColumn<AuditVerificationResource>.Text("INTACT", v => v.Intact ? "yes" : "no"),
    ]);

    /// <summary>
    /// <c>audit verify</c>: recomputes the hash chains of the audit logs the caller may read (kubectl, system) a day
    /// at a time, showing progress on stderr, and lists what was changed, removed or inserted; exits 1 when anything
    /// was, like <c>diff</c>.
    /// </summary>
    private Command Verify()
    {
        var from = new Option<string?>("--from") { Description = "First day to verify: a duration ago (7d), an RFC 3339 time or a date (default: yesterday).", HelpName = "duration|time|date" };
        var to = new Option<string?>("--to") { Description = "Last day to verify: a duration ago, an RFC 3339 time or a date (default: today).", HelpName = "duration|time|date" };
        var command = new Command("verify", "Check that no audit record (kubectl and system) was changed, removed or inserted since it was stored.") { from, to };
        factory.SetAction(command, async invocation =>
        {
            var now = factory.Context.TimeProvider.GetUtcNow();
            var first = TimeBound.Day(invocation.Value(from) is { } f ? TimeBound.Parse("--from", f, now) : now.AddDays(-1));
            var last = TimeBound.Day(invocation.Value(to) is { } t ? TimeBound.Parse("--to", t, now) : now);
            if (first > last) throw new CliUsageException("--from must not be later than --to.");

            var (segments, records, findings, logs) = (0L, 0L, new List<AuditFindingResource>(), new SortedSet<string>(StringComparer.Ordinal));
            for (var day = first; day <= last; day = day.AddDays(1))
            {
                var text = TimeBound.ToDate(day);
                invocation.Context.Console.Error.Write($"verifying {text} ... ");
                var result = await invocation.Api.GetAsync<AuditVerificationResource>(new ApiQuery().Add("from", text).Add("to", text).AppendTo(ApiRoutes.AuditVerify),
                    invocation.CancellationToken);
                invocation.Context.Console.Error.WriteLine(result.Intact ? $"{result.Records} records, intact" : $"{result.Findings.Count} findings");
                (segments, records) = (segments + result.Segments, records + result.Records);
                findings.AddRange(result.Findings);
                logs.UnionWith(result.Logs);
            }

            var verification = new AuditVerificationResource(first, last, logs.ToArray(), segments, records, findings.Count == 0, findings);
            if (invocation.RequestedOutput is not null) invocation.Printer.PrintItem(VerificationKind, verification);
            else if (findings.Count > 0) invocation.Printer.PrintList(FindingKind, new ListResponse<AuditFindingResource>(findings, null));
            else invocation.Out.WriteLine($"{records} records of the {string.Join(" and ", logs)} audit from {TimeBound.ToDate(first)} to {TimeBound.ToDate(last)} are as they were stored.");
            return verification.Intact ? 0 : 1;
        });
        return command;
    }

    /// <summary>
    /// <c>audit kubectl --follow</c>: the last records (10, or <c>--limit</c>) oldest first, then every
    /// <see cref="FollowInterval"/> what was recorded since, like <c>tail -f</c>. A record can be stored after newer ones
    /// (another relay's batch was later), so each poll looks back <see cref="FollowLookBack"/> from the newest record
    /// printed, by the server's clock, and skips what it has printed.
    /// </summary>
    private async Task<int> FollowAsync(CommandInvocation invocation, List<ListFilter> filters, int? limit)
    {
        var printed = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        DateTimeOffset? since = null;
        var headed = false;
        while (true)
        {
            var query = new ApiQuery();
            foreach (var filter in filters.Where(f => since is null || f.QueryKey is not ("since" or "until")))
            {
                query.Add(filter.QueryKey, filter.Read(invocation.ParseResult));
            }
            if (since is { } from) query.Add("since", TimeBound.ToRfc3339(from));

            var fresh = new List<KubectlAuditEventResource>();
            string? next = null;
            do
            {
                var page = await invocation.Api.ListAsync<KubectlAuditEventResource>(KubectlKind.CollectionPath, query, since is null ? limit ?? 10 : 1000, next,
                    invocation.CancellationToken);
                // What is older than the look-back was printed, or was stored too late to be followed.
                fresh.AddRange(page.Items.Where(e => !printed.ContainsKey(e.Id) && (since is null || e.Time >= since)));
                next = since is null ? null : page.Continue;
            } while (next is not null);

            if (fresh.Count > 0)
            {
                fresh.Reverse();
                invocation.Printer.PrintMore(KubectlKind, fresh, first: !headed);
                headed = true;
                foreach (var e in fresh) printed[e.Id] = e.Time;
            }
            if (printed.Count > 0)
            {
                since = printed.Values.Max() - FollowLookBack;
                foreach (var (id, time) in printed.Where(p => p.Value < since).ToArray()) printed.Remove(id);
            }
            await Task.Delay(FollowInterval, factory.Context.TimeProvider, invocation.CancellationToken);
        }
    }

    private static readonly TimeSpan FollowInterval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan FollowLookBack = TimeSpan.FromSeconds(30);

    /// <summary><c>audit export</c>: every matching kubectl audit event, streamed to stdout for a SIEM or a spreadsheet.</summary>
    private Command Export()
    {
        var format = new Option<string>("--format")
        {
            Description = "jsonl (the API's records, one per line), csv, or k8s (Kubernetes audit.k8s.io/v1 Events, one per line).",
            DefaultValueFactory = _ => KubectlAuditExport.JsonLines,
        };
        format.AcceptOnlyFromAmong([.. KubectlAuditExport.Formats]);
        var filters = KubectlFilters();
        var command = new Command("export", "Export kubectl audit events as JSON lines, CSV or Kubernetes audit Events.") { format };
        foreach (var filter in filters) command.Options.Add(filter.Option);
        factory.SetAction(command, invocation => ExportAsync(invocation, filters, invocation.Value(format)!));
        return command;
    }

    /// <summary>Every matching event in <paramref name="format"/>, as the server writes it, to stdout.</summary>
    private static async Task<int> ExportAsync(CommandInvocation invocation, List<ListFilter> filters, string format)
    {
        var query = new ApiQuery().Add("format", format);
        foreach (var filter in filters) query.Add(filter.QueryKey, filter.Read(invocation.ParseResult));
        await invocation.Api.CopyTextAsync(query.AppendTo(ApiRoutes.KubectlAuditExport), invocation.Out, invocation.CancellationToken);
        return 0;
    }

    private List<ListFilter> KubectlFilters() =>
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
    ];

    /// <summary>Relative times are turned into absolute ones here, against the CLI's clock, as the API takes RFC 3339.</summary>
    private ListFilter TimeFilter(string optionName, string queryKey, string description)
    {
        var option = new Option<string?>(optionName) { Description = description, HelpName = "duration|time" };
        return new ListFilter(option, queryKey, parseResult => parseResult.GetValue(option) is { } text
            ? TimeBound.ToRfc3339(TimeBound.Parse(optionName, text, factory.Context.TimeProvider.GetUtcNow()))
            : null);
    }
}
