using System.CommandLine;
using Paralus.Cli.Api;
using Paralus.Cli.Config;
using Paralus.Cli.Files;
using Paralus.Cli.Parsing;
using Paralus.Domain.Contracts;

namespace Paralus.Cli.Commands;

/// <summary>
/// <c>kubeconfig</c> downloads a kubeconfig for kubectl through the relay (yours, or with <c>--service-user</c> a
/// service user's); <c>kubeconfig revoke</c> voids every
/// kubeconfig and session issued so far. The kubeconfig holds a private key, so a file gets mode 0600 (an
/// <c>--exec</c> one holds none, but gets the same care).
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
        var exec = new Option<bool>("--exec") { Description = "Hold no secret: kubectl runs 'paralus credential' for a short-lived token whenever it needs one." };
        var serviceUser = new Option<string?>("--service-user")
        {
            Description = "Issue it for this service user instead of yourself (administrators): automation such as Argo CD uses it without signing in.",
        };
        var command = new Command("kubeconfig", "Get a kubeconfig with a short-lived certificate for kubectl through the relay.") { cluster, validity, file, exec, serviceUser };
        command.Validators.Add(result =>
        {
            if (result.GetValue(exec) && result.GetValue(serviceUser) is not null)
            {
                result.AddError("--exec and --service-user cannot be combined: a service user never signs in, so its kubeconfig holds a certificate.");
            }
        });
        factory.SetAction(command, async invocation =>
        {
            var seconds = invocation.Value(validity) is { } duration ? (long?)duration.TotalSeconds : null;
            var request = invocation.Value(exec)
                ? new IssueKubeconfigRequest(invocation.Value(cluster), seconds, IssueKubeconfigRequest.ExecCredential, ExecPluginFor(invocation.Context, invocation.Value(cluster)))
                : new IssueKubeconfigRequest(invocation.Value(cluster), seconds, ServiceUser: invocation.Value(serviceUser));
            var response = await invocation.Api.PostAsync<KubeconfigResponse>(ApiRoutes.Kubeconfig, request, invocation.CancellationToken);
            var until = response.ExpiresAt is { } expiresAt ? $"valid until {TimeBound.ToRfc3339(expiresAt)}" : "no credential inside: kubectl runs 'paralus credential' for one";
            var whose = request.ServiceUser is null ? "kubeconfig" : $"kubeconfig of service user {response.User}";
            if (invocation.Value(file) is { } path)
            {
                OwnerOnlyFile.Write(path, response.Kubeconfig, privateDirectory: false);
                invocation.Context.Console.Error.WriteLine($"{whose} written to {path} ({until})");
            }
            else
            {
                invocation.Out.Write(response.Kubeconfig);
                invocation.Context.Console.Error.WriteLine($"{whose} {until}");
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

    /// <summary>
    /// This very executable when it runs as the paralus apphost (not under <c>dotnet</c>), else whatever <c>paralus</c> is on
    /// kubectl's PATH; and the config it uses, when that is not the one kubectl's run would find anyway.
    /// </summary>
    private static ExecPlugin ExecPluginFor(CliContext context, string? cluster)
    {
        var processPath = context.Environment.ProcessPath;
        var command = processPath is not null && Path.GetFileNameWithoutExtension(processPath) == "paralus" ? Path.GetFullPath(processPath) : "paralus";
        List<string> args = cluster is null ? ["credential"] : ["credential", "--cluster", cluster];
        var configPath = Path.GetFullPath(context.Config.Path);
        var environment = configPath == Path.GetFullPath(ConfigStore.DefaultPathFor(context.Environment))
            ? null
            : new Dictionary<string, string> { ["PARALUS_CONFIG"] = configPath };
        return new ExecPlugin(command, args, environment);
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
