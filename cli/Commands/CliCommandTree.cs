using System.CommandLine;

namespace Paralus.Cli.Commands;

/// <summary>The whole <c>paralus</c> command tree, built afresh for each run around that run's context.</summary>
internal static class CliCommandTree
{
    public static RootCommand Build(CliContext context)
    {
        var root = new RootCommand("paralus: command-line client of Paralus Cloud, zero-trust access to Kubernetes clusters.")
        {
            context.Options.Server,
            context.Options.Output,
        };
        var verbs = new CommandVerbs(root);
        var factory = new ResourceCommandFactory(context);
        ICommandGroup[] groups =
        [
            new AuthCommands(factory),
            new TotpCommands(factory),
            new ProjectCommands(factory),
            new UserCommands(factory),
            new ServiceUserCommands(factory),
            new GroupCommands(factory),
            new RoleCommands(factory),
            new PermissionCommands(factory),
            new RoleBindingCommands(factory),
            new ClusterCommands(factory),
            new SettingsCommands(factory),
            new ApiKeyCommands(factory),
            new AuditCommands(factory),
            new CanICommand(factory),
            new KubeconfigCommands(factory),
            new CredentialCommand(factory),
            new IdentityProviderCommands(factory),
            new VersionCommand(factory),
        ];
        foreach (var group in groups)
        {
            group.AddTo(verbs);
        }

        return root;
    }
}
