using System.CommandLine;
using System.Net;
using System.Text.Json;
using Paralus.Cli.Api;
using Paralus.Cli.Config;
using Paralus.Cli.Kubectl;
using Paralus.Cli.Output;
using Paralus.Cli.Parsing;
using Paralus.Cli.Sso;
using Paralus.Domain.Contracts;

namespace Paralus.Cli.Commands;

/// <summary>
/// <c>credential</c>: the kubectl exec credential plugin an exec kubeconfig names. kubectl runs it for its calls and
/// shows its stderr as is, so it prints the ExecCredential on stdout and nothing else, fails with one line on stderr,
/// and never waits for input unless kubectl says a person is there.
/// </summary>
internal sealed class CredentialCommand(ResourceCommandFactory factory) : ICommandGroup
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    public void AddTo(CommandVerbs verbs)
    {
        var cluster = new Option<string?>("--cluster") { Description = "The cluster kubectl is about to use." };
        var command = new Command("credential", "kubectl's credential plugin: print a short-lived kubectl token as an ExecCredential.") { cluster };
        factory.SetAction(command, async invocation =>
        {
            try
            {
                var credential = await ObtainAsync(invocation, invocation.Value(cluster));
                invocation.Out.WriteLine(JsonSerializer.Serialize(credential, ApiJson.Options));
                return 0;
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !invocation.CancellationToken.IsCancellationRequested)
            {
                invocation.Context.Console.Error.WriteLine($"paralus: {OneLine(exception)}");
                return CliErrorReporter.Failure;
            }
        });
        verbs.Root.Subcommands.Add(command);
    }

    private static async Task<ExecCredential> ObtainAsync(CommandInvocation invocation, string? cluster)
    {
        var context = invocation.Context;
        var info = ExecInfo.Read(context.Environment);
        var config = context.Config.Load();
        var server = context.Connections.Server(invocation.ServerFlag, config);
        var cache = new KubectlTokenCache(context.Config, context.TimeProvider);
        if (cache.Load(server.AbsoluteUri, config.User, cluster) is { } cached)
        {
            return CredentialOf(info, cached);
        }

        var session = await SessionAsync(invocation, info, server, config);
        using var api = new ParalusApiClient(new ApiConnection(server, session.Token), NoProgress.Show, RequestTimeout);
        KubectlTokenResponse token;
        try
        {
            token = await api.PostAsync<KubectlTokenResponse>(ApiRoutes.KubectlToken, new KubectlTokenRequest(), invocation.CancellationToken);
        }
        catch (ApiProblemException problem) when (problem.Status == HttpStatusCode.Unauthorized)
        {
            // Revoked or deactivated since: nothing here can mend that, only signing in again.
            throw new SignInExpiredException($"sign-in to {server.AbsoluteUri} is no longer accepted; run '{SessionRenewal.LoginCommandFor(session)}' and retry");
        }

        cache.Save(server.AbsoluteUri, session.User, cluster, token);
        return CredentialOf(info, token);
    }

    /// <summary>The saved session, renewed if it is about to end; signed in again only when someone is there to do it.</summary>
    private static async Task<CliConfig> SessionAsync(CommandInvocation invocation, ExecInfo info, Uri server, CliConfig config)
    {
        var context = invocation.Context;
        var renewal = context.Connections.Renewal;
        var now = context.TimeProvider.GetUtcNow();
        var usable = config.Token is not null && (config.ExpiresAt is null || config.ExpiresAt > now);
        if (usable && !(config.RefreshToken is not null && renewal.IsDue(config)))
        {
            return config;
        }

        if (renewal.CanRenew(config))
        {
            try
            {
                return await renewal.RenewAsync(server, config, RequestTimeout, invocation.CancellationToken);
            }
            catch (SignInExpiredException)
            {
                // Refused: fall through to signing in again, or to saying how.
            }
        }

        var login = SessionRenewal.LoginCommandFor(config);
        if (info.Interactive && context.Console.InputIsTerminal && config.IdentityProvider is { } provider)
        {
            context.Console.Error.WriteLine($"paralus: sign-in to {server.AbsoluteUri} expired; signing in again with {provider}.");
            using var anonymous = new ParalusApiClient(new ApiConnection(server, null), NoProgress.Show, RequestTimeout);
            var device = !BrowserLauncher.CanOpen(context.Environment);
            var session = await new CompanySignIn(context).RunAsync(anonymous, server, provider, device, browserTimeout: null, invocation.CancellationToken);
            var signedIn = CliConfig.FromSso(server, session);
            context.Config.Save(signedIn);
            return signedIn;
        }

        throw new SignInExpiredException(config.Token is null && config.RefreshToken is null
            ? $"not signed in to {server.AbsoluteUri}; run '{login}' and retry"
            : $"sign-in to {server.AbsoluteUri} expired; run '{login}' and retry");
    }

    private static ExecCredential CredentialOf(ExecInfo info, KubectlTokenResponse token) =>
        ExecCredential.For(info.ApiVersion, new ExecCredentialStatus(token.Token, TimeBound.ToRfc3339(token.ExpiresAt)));

    private static string OneLine(Exception exception)
    {
        var message = exception switch
        {
            ApiProblemException problem => $"the server refused a kubectl token: {problem.Message}",
            _ => exception.Message,
        };
        return message.ReplaceLineEndings(" ");
    }
}
