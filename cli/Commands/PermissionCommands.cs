using System.CommandLine;
using Paralus.Cli.Api;
using Paralus.Cli.Resources;
using Paralus.Domain.Contracts;

namespace Paralus.Cli.Commands;

/// <summary><c>get permissions</c>: the names roles are made of. The API answers with a plain array.</summary>
internal sealed class PermissionCommands(ResourceCommandFactory factory) : ICommandGroup
{
    public static ResourceKind<string> Kind { get; } = new("permission", "permissions", ApiRoutes.Permissions, permission => permission,
        [TableColumn<string>.Text("NAME", permission => permission)]);

    public void AddTo(CommandVerbs verbs)
    {
        var command = new Command(Kind.Plural, "List the permissions roles can grant.");
        command.Aliases.Add(Kind.Singular);
        factory.SetAction(command, async invocation =>
        {
            var permissions = await invocation.Api.GetAsync<string[]>(Kind.CollectionPath, invocation.CancellationToken);
            invocation.Printer.PrintList(Kind, new ListResponse<string>(permissions, null));
            return 0;
        });
        verbs.Get.Subcommands.Add(command);
    }
}
