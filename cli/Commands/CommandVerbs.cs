using System.CommandLine;

namespace Paralus.Cli.Commands;

/// <summary>The kubectl-style verbs under which each resource group hangs its sub-commands (<c>get project</c>, …).</summary>
internal sealed class CommandVerbs
{
    public CommandVerbs(RootCommand root)
    {
        Root = root;
        Get = AddVerb("get", "Display one or many resources.");
        Create = AddVerb("create", "Create a resource.");
        Update = AddVerb("update", "Change a resource.");
        Delete = AddVerb("delete", "Delete resources by name (or id).");
        Activate = AddVerb("activate", "Let a deactivated user sign in and use clusters again.");
        Deactivate = AddVerb("deactivate", "Stop a user from signing in and from using any cluster, at once.");
        Unlock = AddVerb("unlock", "Lift a user's sign-in lock after too many failed sign-ins.");
    }

    public RootCommand Root { get; }

    public Command Get { get; }

    public Command Create { get; }

    public Command Update { get; }

    public Command Delete { get; }

    public Command Activate { get; }

    public Command Deactivate { get; }

    public Command Unlock { get; }

    private Command AddVerb(string name, string description)
    {
        var verb = new Command(name, description);
        Root.Subcommands.Add(verb);
        return verb;
    }
}
