using System.CommandLine;
using Paralus.Cli.Api;
using Paralus.Cli.Output;
using Paralus.Cli.Resources;
using Paralus.Domain.Contracts;

namespace Paralus.Cli.Commands;

/// <summary>
/// <c>create|get|delete serviceuser</c>: users of kind Service, for automation such as Argo CD. They live among the
/// users (role bindings, <c>deactivate user</c> and <c>kubeconfig revoke --user</c> name them like anyone), and get
/// their kubeconfigs from <c>paralus kubeconfig --service-user</c>.
/// </summary>
internal sealed class ServiceUserCommands(ResourceCommandFactory factory) : ICommandGroup
{
    /// <summary>The API's name of the kind.</summary>
    public const string ServiceKind = "Service";

    public static ResourceKind<UserResource> Kind { get; } = new("serviceuser", "serviceusers", ApiRoutes.Users, user => user.Name,
    [
        TableColumn<UserResource>.Text("NAME", user => user.Name),
        TableColumn<UserResource>.Text("DESCRIPTION", user => user.Description),
        TableColumn<UserResource>.Text("ACTIVE", user => user.Active ? "true" : "false"),
        TableColumn<UserResource>.Text("GROUPS", user => ListSummary.Of(user.Groups)),
        TableColumn<UserResource>.Age(user => user.CreatedAt),
    ])
    {
        ListScope = new("kind", ServiceKind),
    };

    public void AddTo(CommandVerbs verbs)
    {
        verbs.Get.Subcommands.Add(factory.Get(Kind, ListFilter.Prefix(Kind.Plural)));
        verbs.Create.Subcommands.Add(Create());
        verbs.Delete.Subcommands.Add(Delete());
    }

    private Command Create()
    {
        var name = new Argument<string>("name") { Description = "The service user's name, like argocd." };
        var description = DescriptionOption.For("service user");
        var command = new Command(Kind.Singular, "Create a service user for automation: no password, never signs in; give it roles and a kubeconfig.") { name, description };
        factory.SetAction(command, invocation => invocation.CreateAsync(Kind,
            new CreateUserRequest(invocation.Required(name), Kind: ServiceKind, Description: invocation.Value(description))));
        return command;
    }

    /// <summary>Looks first, so that a mistyped name never deletes a person: that takes <c>delete user</c>.</summary>
    private Command Delete()
    {
        var names = new Argument<string[]>("name") { Arity = ArgumentArity.OneOrMore, Description = "The name of each service user to delete." };
        var command = new Command(Kind.Singular, "Delete service users with their role bindings.") { names };
        command.Aliases.Add(Kind.Plural);
        factory.SetAction(command, async invocation =>
        {
            var chosen = invocation.Required(names);
            foreach (var name in chosen)
            {
                var user = await invocation.Api.GetAsync<UserResource>(Kind.ItemPath(name), invocation.CancellationToken);
                if (!string.Equals(user.Kind, ServiceKind, StringComparison.OrdinalIgnoreCase))
                {
                    throw new CliUsageException($"user '{user.Name}' is not a service user; delete people with 'paralus delete user'.");
                }
            }

            return await invocation.DeleteAsync(Kind, chosen);
        });
        return command;
    }
}
