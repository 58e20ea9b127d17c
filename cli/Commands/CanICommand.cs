using System.CommandLine;
using Paralus.Cli.Api;
using Paralus.Cli.Resources;
using Paralus.Domain.Contracts;

namespace Paralus.Cli.Commands;

/// <summary>
/// <c>can-i PERMISSION</c>, like <c>kubectl auth can-i</c>: prints yes or no with the reason, and the exit code
/// says the same, so scripts can branch on it.
/// </summary>
internal sealed class CanICommand(ResourceCommandFactory factory) : ICommandGroup
{
    private const int Denied = 1;

    public static ResourceKind<CanIResponse> Kind { get; } = new("decision", "decisions", ApiRoutes.CanI, decision => decision.Permission,
    [
        TableColumn<CanIResponse>.Text("ALLOWED", decision => decision.Allowed ? "yes" : "no"),
        TableColumn<CanIResponse>.Text("USER", decision => decision.User),
        TableColumn<CanIResponse>.Text("PERMISSION", decision => decision.Permission),
        TableColumn<CanIResponse>.Text("SCOPE", decision => decision.Scope),
        TableColumn<CanIResponse>.Text("REASON", decision => decision.Reason),
    ]);

    public void AddTo(CommandVerbs verbs)
    {
        var permission = new Argument<string>("permission") { Description = "The permission to check, like cluster.read." };
        var user = new Option<string?>("--user") { Description = "Whose access to check (default: yours)." };
        var project = new Option<string?>("--project") { Description = "In this project." };
        var @namespace = new Option<string?>("--namespace") { Description = "In this namespace of the project." };
        var command = new Command("can-i", "Check whether a user has a permission, and why.") { permission, user, project, @namespace };
        factory.SetAction(command, async invocation =>
        {
            var query = new ApiQuery()
                .Add("user", invocation.Value(user))
                .Add("permission", invocation.Required(permission))
                .Add("project", invocation.Value(project))
                .Add("namespace", invocation.Value(@namespace));
            var decision = await invocation.Api.GetAsync<CanIResponse>(query.AppendTo(ApiRoutes.CanI), invocation.CancellationToken);
            if (invocation.RequestedOutput is null)
            {
                invocation.Out.WriteLine(decision.Allowed ? "yes" : "no");
                invocation.Out.WriteLine(decision.Reason);
            }
            else
            {
                invocation.Printer.PrintItem(Kind, decision);
            }

            return decision.Allowed ? 0 : Denied;
        });
        verbs.Root.Subcommands.Add(command);
    }
}
