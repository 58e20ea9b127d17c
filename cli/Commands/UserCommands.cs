using System.CommandLine;
using Paralus.Cli.Api;
using Paralus.Cli.Output;
using Paralus.Cli.Resources;
using Paralus.Domain.Contracts;

namespace Paralus.Cli.Commands;

/// <summary><c>create|get|update|delete user</c>, <c>activate|deactivate user</c> and <c>unlock user</c>.</summary>
internal sealed class UserCommands(ResourceCommandFactory factory) : ICommandGroup
{
    private const string PasswordFlag = "--password-stdin";

    public static ResourceKind<UserResource> Kind { get; } = new("user", "users", ApiRoutes.Users, user => user.Name,
    [
        TableColumn<UserResource>.Text("NAME", user => user.Name),
        TableColumn<UserResource>.Text("FIRST NAME", user => user.FirstName),
        TableColumn<UserResource>.Text("LAST NAME", user => user.LastName),
        TableColumn<UserResource>.Text("KIND", user => user.Kind),
        TableColumn<UserResource>.Text("ACTIVE", user => user.Active ? "true" : "false"),
        TableColumn<UserResource>.Text("GROUPS", user => ListSummary.Of(user.Groups)),
        TableColumn<UserResource>.Age(user => user.CreatedAt),
    ]);

    public void AddTo(CommandVerbs verbs)
    {
        verbs.Get.Subcommands.Add(factory.Get(
            Kind,
            ListFilter.Text("--group", "group", "Only members of this group."),
            ListFilter.Boolean("--active", "active", "Only active users (or, with false, only deactivated ones)."),
            ListFilter.Prefix(Kind.Plural)));
        verbs.Create.Subcommands.Add(Create());
        verbs.Update.Subcommands.Add(Update());
        verbs.Delete.Subcommands.Add(factory.Delete(Kind));
        verbs.Activate.Subcommands.Add(SetActive(active: true));
        verbs.Deactivate.Subcommands.Add(SetActive(active: false));
        verbs.Unlock.Subcommands.Add(Unlock());
    }

    private Command Create()
    {
        var name = new Argument<string>("name") { Description = "User name, usually an e-mail address." };
        var firstName = new Option<string?>("--first-name") { Description = "Given name." };
        var lastName = new Option<string?>("--last-name") { Description = "Family name." };
        var passwordStdin = new Option<bool>(PasswordFlag) { Description = "Read the user's initial password from standard input." };
        var command = new Command(Kind.Singular, "Create a local user.") { name, firstName, lastName, passwordStdin };
        factory.SetAction(command, invocation => invocation.CreateAsync(Kind, new CreateUserRequest(
            invocation.Required(name),
            invocation.Value(firstName),
            invocation.Value(lastName),
            invocation.Value(passwordStdin) ? invocation.ReadSecret(PasswordFlag) : null)));
        return command;
    }

    private Command Update()
    {
        var name = new Argument<string>("name") { Description = "The user to change." };
        var firstName = new Option<string?>("--first-name") { Description = "New given name." };
        var lastName = new Option<string?>("--last-name") { Description = "New family name." };
        var activate = new Option<bool>("--activate") { Description = "Let the user sign in again." };
        var deactivate = new Option<bool>("--deactivate") { Description = "Stop the user from signing in and using clusters." };
        var passwordStdin = new Option<bool>(PasswordFlag) { Description = "Read a new password from standard input." };
        var command = new Command(Kind.Singular, "Change a user's names, password or whether it is active.")
        {
            name, firstName, lastName, activate, deactivate, passwordStdin,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(activate) && result.GetValue(deactivate))
            {
                result.AddError("--activate and --deactivate cannot be combined.");
            }
        });
        factory.SetAction(command, async invocation =>
        {
            bool? active = invocation.Value(activate) ? true : invocation.Value(deactivate) ? false : null;
            var user = invocation.Required(name);
            var password = invocation.Value(passwordStdin) ? invocation.ReadSecret(PasswordFlag) : null;
            var exitCode = await invocation.UpdateAsync(Kind, Kind.ItemPath(user), new UpdateUserRequest(invocation.Value(firstName), invocation.Value(lastName), active, password));
            if (password is not null)
            {
                // A new password revokes every session and kubeconfig certificate issued before it, the one this command ran with too.
                var yours = string.Equals(user, invocation.Context.Config.Load().User, StringComparison.OrdinalIgnoreCase);
                invocation.Context.Console.Error.WriteLine(yours
                    ? "Your sessions and kubeconfig certificates were revoked with the old password: run 'paralus login' and 'paralus kubeconfig' again."
                    : $"The sessions and kubeconfig certificates of {user} were revoked; their API keys still work (see 'paralus kubeconfig revoke --include-api-keys').");
            }

            return exitCode;
        });
        return command;
    }

    private Command Unlock()
    {
        var name = new Argument<string>("name") { Description = "The user whose sign-in lock to lift." };
        var command = new Command(Kind.Singular, "Let a user sign in again at once after too many failed sign-ins.") { name };
        factory.SetAction(command, async invocation =>
        {
            var user = invocation.Required(name);
            await invocation.Api.PostAsync($"{Kind.ItemPath(user)}/unlock", invocation.CancellationToken);
            invocation.Out.WriteLine($"{Kind.Reference(user)} unlocked");
            return 0;
        });
        return command;
    }

    private Command SetActive(bool active)
    {
        var name = new Argument<string>("name") { Description = active ? "The user to activate." : "The user to deactivate." };
        var command = new Command(Kind.Singular, active ? "Activate a user." : "Deactivate a user; open sessions and streams end at once.") { name };
        factory.SetAction(command, invocation => invocation.UpdateAsync(
            Kind,
            Kind.ItemPath(invocation.Required(name)),
            new UpdateUserRequest(Active: active),
            active ? "activated" : "deactivated"));
        return command;
    }
}
