using System.CommandLine;
using Paralus.Cli.Api;
using Paralus.Cli.Output;
using Paralus.Cli.Parsing;
using Paralus.Cli.Resources;
using Paralus.Domain.Contracts;

namespace Paralus.Cli.Commands;

/// <summary><c>create|get|update|delete group</c>; membership changes through <c>update group --add-users/--remove-users</c>.</summary>
internal sealed class GroupCommands(ResourceCommandFactory factory) : ICommandGroup
{
    public static ResourceKind<GroupResource> Kind { get; } = new("group", "groups", ApiRoutes.Groups, group => group.Name,
    [
        TableColumn<GroupResource>.Text("NAME", group => group.Name),
        TableColumn<GroupResource>.Text("KIND", group => group.Kind),
        TableColumn<GroupResource>.Text("MEMBERS", group => ListSummary.Of(group.Members)),
        TableColumn<GroupResource>.Text("DESCRIPTION", group => group.Description),
        TableColumn<GroupResource>.Age(group => group.CreatedAt),
    ]);

    public void AddTo(CommandVerbs verbs)
    {
        verbs.Get.Subcommands.Add(factory.Get(Kind, ListFilter.Prefix(Kind.Plural)));
        verbs.Create.Subcommands.Add(Create());
        verbs.Update.Subcommands.Add(Update());
        verbs.Delete.Subcommands.Add(factory.Delete(Kind));
    }

    private Command Create()
    {
        var name = new Argument<string>("name") { Description = "Group name; may contain spaces (quote it)." };
        var description = DescriptionOption.For(Kind.Singular);
        var command = new Command(Kind.Singular, "Create a group.") { name, description };
        factory.SetAction(command, invocation =>
            invocation.CreateAsync(Kind, new CreateGroupRequest(invocation.Required(name), invocation.Value(description))));
        return command;
    }

    private Command Update()
    {
        var name = new Argument<string>("name") { Description = "The group to change." };
        var description = DescriptionOption.For(Kind.Singular);
        var addUsers = new Option<string[]>("--add-users") { Description = "Users to add, comma-separated or repeated." };
        var removeUsers = new Option<string[]>("--remove-users") { Description = "Users to remove, comma-separated or repeated." };
        var command = new Command(Kind.Singular, "Change a group's description or members.") { name, description, addUsers, removeUsers };
        factory.SetAction(command, invocation => invocation.UpdateAsync(Kind, Kind.ItemPath(invocation.Required(name)), new UpdateGroupRequest(
            invocation.Value(description),
            CommaSeparated.Split(invocation.Value(addUsers)),
            CommaSeparated.Split(invocation.Value(removeUsers)))));
        return command;
    }
}
