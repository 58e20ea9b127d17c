using System.CommandLine;

namespace Paralus.Cli.Commands;

/// <summary>The options <c>create idp</c> and <c>update idp</c> share: the client at the provider, claims, group mappings.</summary>
internal sealed class IdentityProviderClientOptions
{
    private const string SecretFlag = "--client-secret-stdin";

    public Option<string?> ClientId { get; } = new("--client-id") { Description = "The client (application) id registered at the provider." };

    public Option<bool> SecretStdin { get; } = new(SecretFlag) { Description = "Read the client secret from standard input." };

    /// <summary>Refused with a pointer to stdin: a secret in the arguments ends up in shell history and process lists.</summary>
    public Option<string?> SecretArgument { get; } = new("--client-secret") { Hidden = true };

    public Option<string[]> Scopes { get; } = new("--scopes") { Description = "Scopes to ask for, comma-separated (default: the kind's)." };

    public Option<string?> UsernameClaim { get; } = new("--username-claim") { Description = "The ID token claim that is the Paralus user name." };

    public Option<string?> GroupsClaim { get; } = new("--groups-claim") { Description = "The ID token claim that lists the user's groups." };

    public Option<string[]> GroupMapping { get; } = new("--group-mapping")
    {
        Description = "IDP_GROUP=PARALUS_GROUP: members of the provider's group belong to the Paralus group; repeat for more.",
        HelpName = "idp-group=group",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(ClientId);
        command.Options.Add(SecretStdin);
        command.Options.Add(SecretArgument);
        command.Options.Add(Scopes);
        command.Options.Add(UsernameClaim);
        command.Options.Add(GroupsClaim);
        command.Options.Add(GroupMapping);
        command.Validators.Add(result =>
        {
            if (result.GetResult(SecretArgument) is not null)
            {
                result.AddError($"--client-secret is not accepted: secrets are read only from standard input, use {SecretFlag}.");
            }
        });
    }

    public string? Secret(CommandInvocation invocation) => invocation.Value(SecretStdin) ? invocation.ReadSecret(SecretFlag) : null;
}
