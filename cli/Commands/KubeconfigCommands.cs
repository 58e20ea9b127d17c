using System.CommandLine;
using Paralus.Cli.Api;
using Paralus.Cli.Files;
using Paralus.Cli.Parsing;
using Paralus.Domain.Contracts;

namespace Paralus.Cli.Commands;

/// <summary>
/// <c>kubeconfig</c> downloads a kubeconfig for kubectl through the relay; <c>kubeconfig revoke</c> voids every
/// kubeconfig and session issued so far. The kubeconfig holds a private key, so a file gets mode 0600.
/// </summary>
internal sealed class KubeconfigCommands(ResourceCommandFactory factory) : ICommandGroup
{
    private const string RevokeRoute = "api/v1/kubeconfig/revoke";

    public void AddTo(CommandVerbs verbs)
    {
        var cluster = new Option<string?>("--cluster") { Description = "Only this cluster (default: every cluster you may use)." };
        var validity = DurationOption.Create("--validity", "How long the kubeconfig works, like 8h (default: the organization's setting).");
        // Shadows the global -o/--output on this command: a kubeconfig has one format, the question is where it goes.
        var file = new Option<string?>("--output", "-o") { Description = "Write the kubeconfig to this file (mode 0600) instead of standard output.", HelpName = "file" };
        var command = new Command("kubeconfig", "Get a kubeconfig with a short-lived certificate for kubectl through the relay.") { cluster, validity, file };
        factory.SetAction(command, async invocation =>
        {
            var seconds = invocation.Value(validity) is { } duration ? (long?)duration.TotalSeconds : null;
            var response = await invocation.Api.PostAsync<KubeconfigResponse>(ApiRoutes.Kubeconfig, new IssueKubeconfigRequest(invocation.Value(cluster), seconds), invocation.CancellationToken);
            var until = TimeBound.ToRfc3339(response.ExpiresAt);
            if (invocation.Value(file) is { } path)
            {
                OwnerOnlyFile.Write(path, response.Kubeconfig, privateDirectory: false);
                invocation.Context.Console.Error.WriteLine($"kubeconfig written to {path} (valid until {until})");
            }
            else
            {
                invocation.Out.Write(response.Kubeconfig);
                invocation.Context.Console.Error.WriteLine($"kubeconfig valid until {until}");
            }

            if (response.Clusters.Count > 1)
            {
                invocation.Context.Console.Error.WriteLine(
                    $"contexts: {string.Join(", ", response.Clusters)}; current context: {response.CurrentContext} (switch with 'kubectl config use-context NAME')");
            }

            return 0;
        });
        command.Subcommands.Add(Revoke());
        verbs.Root.Subcommands.Add(command);
    }

    private Command Revoke()
    {
        var user = new Option<string?>("--user") { Description = "Whose kubeconfigs and sessions to revoke (default: yours)." };
        var includeApiKeys = new Option<bool>("--include-api-keys") { Description = "Delete the user's API keys too." };
        var command = new Command("revoke", "Void every kubeconfig and session issued until now; new ones work as before.") { user, includeApiKeys };
        factory.SetAction(command, async invocation =>
        {
            var request = new RevokeKubeconfigRequest(invocation.Value(user), invocation.Value(includeApiKeys) ? true : null);
            var response = await invocation.Api.PostAsync<RevokeKubeconfigResponse>(RevokeRoute, request, invocation.CancellationToken);
            invocation.Out.WriteLine(request.IncludeApiKeys == true
                ? $"kubeconfig/{response.User} revoked, {response.DeletedApiKeys} API keys deleted"
                : $"kubeconfig/{response.User} revoked");
            return 0;
        });
        return command;
    }
}
