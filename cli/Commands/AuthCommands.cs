using System.CommandLine;
using Paralus.Cli.Api;
using Paralus.Cli.Config;
using Paralus.Cli.Output;
using Paralus.Cli.Parsing;
using Paralus.Cli.Resources;
using Paralus.Domain.Contracts;

namespace Paralus.Cli.Commands;

/// <summary><c>login</c>, <c>logout</c> and <c>whoami</c>.</summary>
internal sealed class AuthCommands(ResourceCommandFactory factory) : ICommandGroup
{
    private const string PasswordFlag = "--password-stdin";
    private const string ApiKeyFlag = "--api-key-stdin";

    public static ResourceKind<WhoAmIResponse> WhoAmIKind { get; } = new("user", "users", ApiRoutes.WhoAmI, identity => identity.User,
    [
        TableColumn<WhoAmIResponse>.Text("USER", identity => identity.User),
        TableColumn<WhoAmIResponse>.Text("KIND", identity => identity.Kind),
        TableColumn<WhoAmIResponse>.Text("GROUPS", identity => ListSummary.Of(identity.Groups)),
        TableColumn<WhoAmIResponse>.Text("AUTHENTICATED BY", identity => identity.AuthenticatedBy),
    ]);

    public void AddTo(CommandVerbs verbs)
    {
        verbs.Root.Subcommands.Add(Login());
        verbs.Root.Subcommands.Add(Logout());
        var whoAmI = new Command("whoami", "Show who the CLI is signed in as, and through which groups.");
        factory.SetAction(whoAmI, invocation => invocation.ShowAsync(WhoAmIKind, ApiRoutes.WhoAmI));
        verbs.Root.Subcommands.Add(whoAmI);
    }

    private Command Login()
    {
        var user = new Option<string?>("--user", "-u") { Description = "User name to sign in as (with --password-stdin)." };
        var passwordStdin = new Option<bool>(PasswordFlag) { Description = "Read the password from standard input." };
        var apiKeyStdin = new Option<bool>(ApiKeyFlag) { Description = "Sign in with an API key (pk_<id>.<secret>) read from standard input." };
        var command = new Command("login", "Sign in and remember the server and session in the config file.") { user, passwordStdin, apiKeyStdin };
        command.Validators.Add(result =>
        {
            var withPassword = result.GetValue(passwordStdin);
            var withKey = result.GetValue(apiKeyStdin);
            if (withPassword == withKey)
            {
                result.AddError($"give either --user NAME {PasswordFlag} or {ApiKeyFlag}: secrets are read only from standard input.");
            }
            else if (withPassword && result.GetValue(user) is null)
            {
                result.AddError($"{PasswordFlag} needs --user NAME.");
            }
        });
        factory.SetAction(command, async invocation =>
        {
            var config = invocation.Context.Config.Load();
            var server = invocation.Context.Connections.Server(invocation.ServerFlag, config);
            CliConfig session;
            if (invocation.Value(apiKeyStdin))
            {
                var key = invocation.ReadSecret(ApiKeyFlag);
                // An API key is checked by using it: whoami also tells whose key it is.
                var identity = await invocation.Connect(new ApiConnection(server, key)).GetAsync<WhoAmIResponse>(ApiRoutes.WhoAmI, invocation.CancellationToken);
                session = new CliConfig(server.AbsoluteUri, key, null, identity.User);
            }
            else
            {
                var password = invocation.ReadSecret(PasswordFlag);
                var login = await invocation.Connect(new ApiConnection(server, null)).PostAsync<LoginResponse>(
                    ApiRoutes.Login, new LoginRequest(invocation.Value(user)!, password), invocation.CancellationToken);
                session = new CliConfig(server.AbsoluteUri, login.Token, login.ExpiresAt, login.User);
            }

            invocation.Context.Config.Save(session);
            var until = session.ExpiresAt is { } expiresAt ? $" until {TimeBound.ToRfc3339(expiresAt)}" : " with an API key";
            invocation.Out.WriteLine($"Logged in to {server.AbsoluteUri} as {session.User}{until}.");
            return 0;
        });
        return command;
    }

    private Command Logout()
    {
        var command = new Command("logout", "Forget the session; the server stays remembered for the next login.");
        factory.SetAction(command, invocation =>
        {
            var store = invocation.Context.Config;
            var config = store.Load();
            if (config.Token is null)
            {
                invocation.Out.WriteLine("Not logged in.");
                return Task.FromResult(0);
            }

            store.Save(config with { Token = null, ExpiresAt = null, User = null });
            invocation.Out.WriteLine($"Logged out of {config.Server}.");
            return Task.FromResult(0);
        });
        return command;
    }
}
