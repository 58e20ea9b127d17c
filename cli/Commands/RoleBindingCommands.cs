using System.CommandLine;
using Paralus.Cli.Api;
using Paralus.Cli.Resources;
using Paralus.Domain.Contracts;

namespace Paralus.Cli.Commands;

/// <summary><c>create|get|delete rolebinding</c>: a role given to one user or group, in the organization, a project or a namespace.</summary>
internal sealed class RoleBindingCommands(ResourceCommandFactory factory) : ICommandGroup
{
    public static ResourceKind<RoleBindingResource> Kind { get; } = new("rolebinding", "rolebindings", ApiRoutes.RoleBindings, binding => binding.Id,
    [
        TableColumn<RoleBindingResource>.Text("ID", binding => binding.Id),
        TableColumn<RoleBindingResource>.Text("ROLE", binding => binding.Role),
        TableColumn<RoleBindingResource>.Text("SUBJECT", binding => binding.User is not null ? $"user/{binding.User}" : $"group/{binding.Group}"),
        TableColumn<RoleBindingResource>.Text("SCOPE", binding => binding.Scope),
        TableColumn<RoleBindingResource>.Text("PROJECT", binding => binding.Project),
        TableColumn<RoleBindingResource>.Text("NAMESPACE", binding => binding.Namespace),
        TableColumn<RoleBindingResource>.Age(binding => binding.CreatedAt),
    ])
    {
        KeyName = "id",
    };

    public void AddTo(CommandVerbs verbs)
    {
        verbs.Get.Subcommands.Add(factory.Get(
            Kind,
            ListFilter.Text("--user", "user", "Only bindings of this user."),
            ListFilter.Text("--group", "group", "Only bindings of this group."),
            ListFilter.Text("--role", "role", "Only bindings of this role."),
            ListFilter.Text("--project", "project", "Only bindings in this project.")));
        verbs.Create.Subcommands.Add(Create());
        verbs.Delete.Subcommands.Add(factory.Delete(Kind));
    }

    private Command Create()
    {
        var role = new Option<string>("--role") { Description = "The role to give, like PROJECT_ADMIN.", Required = true };
        var user = new Option<string?>("--user") { Description = "Give it to this user." };
        var group = new Option<string?>("--group") { Description = "Give it to every member of this group." };
        var project = new Option<string?>("--project") { Description = "In this project ('*' for every project); omit for the whole organization." };
        var @namespace = new Option<string?>("--namespace") { Description = "Only in this namespace of the project ('*' for all)." };
        var command = new Command(Kind.Singular, "Give a role to a user or a group.") { role, user, group, project, @namespace };
        command.Validators.Add(result =>
        {
            if ((result.GetValue(user) is null) == (result.GetValue(group) is null))
            {
                result.AddError("give exactly one of --user and --group.");
            }

            if (result.GetValue(@namespace) is not null && result.GetValue(project) is null)
            {
                result.AddError("--namespace needs --project: a namespace is always one of a project's.");
            }
        });
        factory.SetAction(command, invocation => invocation.CreateAsync(Kind, new CreateRoleBindingRequest(
            invocation.Required(role),
            invocation.Value(user),
            invocation.Value(group),
            invocation.Value(project),
            invocation.Value(@namespace))));
        return command;
    }
}
