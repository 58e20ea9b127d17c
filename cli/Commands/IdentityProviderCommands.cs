using System.CommandLine;
using Paralus.Cli.Api;
using Paralus.Cli.Output;
using Paralus.Cli.Parsing;
using Paralus.Cli.Resources;
using Paralus.Domain.Contracts;

namespace Paralus.Cli.Commands;

/// <summary>
/// <c>create|get|update|delete idp</c>: the company identity providers people sign in with (<c>login --sso</c>). The
/// client secret is read only from standard input and never shown again.
/// </summary>
internal sealed class IdentityProviderCommands(ResourceCommandFactory factory) : ICommandGroup
{
    private const string EntraKind = "entra";

    public static ResourceKind<IdentityProviderResource> Kind { get; } = new("idp", "idps", ApiRoutes.IdentityProviders, idp => idp.Name,
    [
        TableColumn<IdentityProviderResource>.Text("NAME", idp => idp.Name),
        TableColumn<IdentityProviderResource>.Text("KIND", idp => idp.Kind),
        TableColumn<IdentityProviderResource>.Text("ISSUER", idp => idp.Issuer),
        TableColumn<IdentityProviderResource>.Text("CLIENT ID", idp => idp.ClientId),
        TableColumn<IdentityProviderResource>.Text("SECRET", idp => idp.HasClientSecret ? "set" : null),
        TableColumn<IdentityProviderResource>.Text("GROUP MAPPINGS", idp => ListSummary.Of(idp.GroupMappings.Select(mapping => $"{mapping.IdpGroup}={mapping.Group}").ToArray())),
        // The admin registers this at the provider, so it is shown rather than left to -o json.
        TableColumn<IdentityProviderResource>.Text("REDIRECT URI", idp => idp.RedirectUri),
        TableColumn<IdentityProviderResource>.Age(idp => idp.CreatedAt),
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
        var name = new Argument<string>("name") { Description = "The provider's name, as in 'paralus login --sso NAME'." };
        var issuer = new Option<string?>("--issuer") { Description = "The OpenID Connect issuer URL (optional with --entra)." };
        var entra = new Option<bool>("--entra") { Description = "Microsoft Entra ID: the issuer follows from --tenant-id." };
        var tenantId = new Option<string?>("--tenant-id") { Description = "With --entra: the directory (tenant) id." };
        var settings = new IdentityProviderClientOptions();
        var command = new Command(Kind.Singular, "Add a company identity provider (OpenID Connect, or Entra ID with --entra).") { name, issuer, entra, tenantId };
        settings.AddTo(command);
        command.Validators.Add(result =>
        {
            var isEntra = result.GetValue(entra);
            if (!isEntra && result.GetValue(issuer) is null)
            {
                result.AddError("--issuer URL is required (or --entra --tenant-id T for Microsoft Entra ID).");
            }
            else if (isEntra && result.GetValue(tenantId) is null)
            {
                result.AddError("--entra needs --tenant-id T.");
            }
            else if (!isEntra && result.GetValue(tenantId) is not null)
            {
                result.AddError("--tenant-id belongs to --entra.");
            }

            if (result.GetValue(settings.ClientId) is null)
            {
                result.AddError("--client-id ID is required.");
            }
        });
        factory.SetAction(command, async invocation =>
        {
            var request = new CreateIdentityProviderRequest(
                invocation.Required(name),
                invocation.Value(settings.ClientId)!,
                invocation.Value(entra) ? EntraKind : null,
                invocation.Value(issuer),
                invocation.Value(tenantId),
                settings.Secret(invocation),
                CommaSeparated.Split(invocation.Value(settings.Scopes)),
                invocation.Value(settings.UsernameClaim),
                invocation.Value(settings.GroupsClaim),
                GroupMappings.Parse(invocation.Value(settings.GroupMapping)));
            var created = await invocation.Api.PostAsync<IdentityProviderResource>(Kind.CollectionPath, request, invocation.CancellationToken);
            Confirm(invocation, created, "created");
            return 0;
        });
        return command;
    }

    private Command Update()
    {
        var name = new Argument<string>("name") { Description = "The provider to change." };
        var clearMappings = new Option<bool>("--clear-group-mappings") { Description = "Remove every group mapping." };
        var settings = new IdentityProviderClientOptions();
        var command = new Command(Kind.Singular, "Change a provider's client, claims or group mappings (its issuer cannot change).") { name, clearMappings };
        settings.AddTo(command);
        command.Validators.Add(result =>
        {
            if (result.GetValue(clearMappings) && result.GetValue(settings.GroupMapping) is { Length: > 0 })
            {
                result.AddError("--clear-group-mappings and --group-mapping cannot be combined.");
            }
        });
        factory.SetAction(command, async invocation =>
        {
            var request = new UpdateIdentityProviderRequest(
                invocation.Value(settings.ClientId),
                settings.Secret(invocation),
                CommaSeparated.Split(invocation.Value(settings.Scopes)),
                invocation.Value(settings.UsernameClaim),
                invocation.Value(settings.GroupsClaim),
                invocation.Value(clearMappings) ? [] : GroupMappings.Parse(invocation.Value(settings.GroupMapping)));
            return await invocation.UpdateAsync(Kind, Kind.ItemPath(invocation.Required(name)), request);
        });
        return command;
    }

    /// <summary>kubectl-style confirmation, and the redirect URI to register at the provider, which nothing works without.</summary>
    private static void Confirm(CommandInvocation invocation, IdentityProviderResource idp, string verb)
    {
        invocation.Confirm(Kind, idp, verb);
        if (invocation.RequestedOutput is null)
        {
            invocation.Out.WriteLine($"Register this redirect URI at the provider: {idp.RedirectUri}");
        }
    }
}
