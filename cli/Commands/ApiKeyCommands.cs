using System.CommandLine;
using Paralus.Cli.Api;
using Paralus.Cli.Resources;
using Paralus.Domain.Contracts;

namespace Paralus.Cli.Commands;

/// <summary>
/// <c>create|get|delete apikey</c>: keys for automation, acting as the user who created them. Administrators list,
/// show and delete anyone's.
/// </summary>
internal sealed class ApiKeyCommands(ResourceCommandFactory factory) : ICommandGroup
{
    public static ResourceKind<ApiKeyResource> Kind { get; } = new("apikey", "apikeys", ApiRoutes.ApiKeys, key => key.Id,
    [
        TableColumn<ApiKeyResource>.Text("ID", key => key.Id),
        TableColumn<ApiKeyResource>.Text("USER", key => key.User),
        TableColumn<ApiKeyResource>.Text("DESCRIPTION", key => key.Description),
        TableColumn<ApiKeyResource>.Text("SCOPE", key => key.Scope),
        TableColumn<ApiKeyResource>.Since("LAST USED", key => key.LastUsedAt),
        TableColumn<ApiKeyResource>.Until("EXPIRES IN", key => key.ExpiresAt),
        TableColumn<ApiKeyResource>.Age(key => key.CreatedAt),
    ])
    {
        KeyName = "id",
    };

    /// <summary>The answer to create is the only one that carries the secret key.</summary>
    public static ResourceKind<CreatedApiKeyResponse> CreatedKind { get; } = new(Kind.Singular, Kind.Plural, ApiRoutes.ApiKeys, key => key.Id,
    [
        TableColumn<CreatedApiKeyResponse>.Text("ID", key => key.Id),
        TableColumn<CreatedApiKeyResponse>.Text("KEY", key => key.Key),
        TableColumn<CreatedApiKeyResponse>.Text("DESCRIPTION", key => key.Description),
        TableColumn<CreatedApiKeyResponse>.Text("SCOPE", key => key.Scope),
        TableColumn<CreatedApiKeyResponse>.Age(key => key.CreatedAt),
    ])
    {
        KeyName = "id",
    };

    public void AddTo(CommandVerbs verbs)
    {
        verbs.Get.Subcommands.Add(factory.Get(
            Kind,
            ListFilter.Text("--user", "user", "Only this user's keys (needs user.read unless it is you)."),
            ListFilter.Boolean("--all-users", "allUsers", "Every user's keys (needs user.read).")));
        verbs.Create.Subcommands.Add(Create());
        verbs.Delete.Subcommands.Add(factory.Delete(Kind));
    }

    private Command Create()
    {
        var description = DescriptionOption.For("API key");
        var expiresIn = DurationOption.Create("--expires-in", "Refuse the key after this long, like 90d (default: it works until deleted).");
        var scope = new Option<string>("--scope") { Description = "full (everything you may do, the default) or read-only (GET requests only)." };
        scope.AcceptOnlyFromAmong("full", "read-only");
        var command = new Command(Kind.Singular, "Create an API key; the key is shown only this once.") { description, expiresIn, scope };
        factory.SetAction(command, async invocation =>
        {
            var expiresAt = invocation.Value(expiresIn) is { } lifetime ? invocation.Context.TimeProvider.GetUtcNow() + lifetime : (DateTimeOffset?)null;
            var created = await invocation.Api.PostAsync<CreatedApiKeyResponse>(
                Kind.CollectionPath, new CreateApiKeyRequest(invocation.Value(description), expiresAt, invocation.Value(scope)), invocation.CancellationToken);
            invocation.Confirm(CreatedKind, created, "created");
            if (invocation.RequestedOutput is null)
            {
                invocation.Out.WriteLine($"key: {created.Key}");
                invocation.Context.Console.Error.WriteLine("Store the key now: it cannot be shown again.");
            }

            return 0;
        });
        return command;
    }
}
