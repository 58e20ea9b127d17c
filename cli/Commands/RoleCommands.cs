using System.CommandLine;
using Paralus.Cli.Api;
using Paralus.Cli.Output;
using Paralus.Cli.Parsing;
using Paralus.Cli.Resources;
using Paralus.Domain.Contracts;
using Paralus.Domain.Model;

namespace Paralus.Cli.Commands;

/// <summary><c>create|get|update|delete role</c>: custom roles are named sets of permissions with a scope.</summary>
internal sealed class RoleCommands(ResourceCommandFactory factory) : ICommandGroup
{
    private static readonly string[] Scopes = Enum.GetNames<ScopeKind>().Select(scope => scope.ToLowerInvariant()).ToArray();

    public static ResourceKind<RoleResource> Kind { get; } = new("role", "roles", ApiRoutes.Roles, role => role.Name,
    [
        TableColumn<RoleResource>.Text("NAME", role => role.Name),
        TableColumn<RoleResource>.Text("SCOPE", role => role.Scope),
        TableColumn<RoleResource>.Text("BUILT-IN", role => role.BuiltIn ? "true" : "false"),
        TableColumn<RoleResource>.Text("PERMISSIONS", role => ListSummary.Of(role.Permissions)),
    ]);

    public void AddTo(CommandVerbs verbs)
    {
        verbs.Get.Subcommands.Add(factory.Get(Kind));
        verbs.Create.Subcommands.Add(Create());
        verbs.Update.Subcommands.Add(Update());
        verbs.Delete.Subcommands.Add(factory.Delete(Kind));
    }

    private Command Create()
    {
        var name = new Argument<string>("name") { Description = "Role name, like clusterview." };
        var scope = new Option<string>("--scope") { Description = "Where the role applies.", Required = true };
        scope.AcceptOnlyFromAmong(Scopes);
        var permissions = new Option<string[]>("--permissions") { Description = "Permissions, comma-separated (see 'paralus get permissions').", Required = true };
        var description = DescriptionOption.For(Kind.Singular);
        var command = new Command(Kind.Singular, "Create a custom role.") { name, scope, permissions, description };
        factory.SetAction(command, invocation => invocation.CreateAsync(Kind, new CreateRoleRequest(
            invocation.Required(name),
            invocation.Required(scope),
            CommaSeparated.Split(invocation.Value(permissions)) ?? throw new CliUsageException("--permissions names no permission."),
            invocation.Value(description))));
        return command;
    }

    private Command Update()
    {
        var name = new Argument<string>("name") { Description = "The role to change." };
        var permissions = new Option<string[]>("--permissions") { Description = "The role's new, complete set of permissions, comma-separated." };
        var description = DescriptionOption.For(Kind.Singular);
        var command = new Command(Kind.Singular, "Change a custom role's permissions or description.") { name, permissions, description };
        factory.SetAction(command, invocation => invocation.UpdateAsync(Kind, Kind.ItemPath(invocation.Required(name)), new UpdateRoleRequest(
            CommaSeparated.Split(invocation.Value(permissions)),
            invocation.Value(description))));
        return command;
    }
}
