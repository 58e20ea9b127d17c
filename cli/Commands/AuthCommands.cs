using System.CommandLine;
using Paralus.Cli.Api;
using Paralus.Cli.Config;
using Paralus.Cli.Kubectl;
using Paralus.Cli.Output;
using Paralus.Cli.Parsing;
using Paralus.Cli.Resources;
using Paralus.Cli.Sso;
using Paralus.Domain.Contracts;

namespace Paralus.Cli.Commands;

/// <summary><c>login</c>, <c>logout</c>, <c>passwd</c> and <c>whoami</c>.</summary>
internal sealed class AuthCommands(ResourceCommandFactory factory) : ICommandGroup
{
    private const string PasswordFlag = "--password-stdin";
    private const string ApiKeyFlag = "--api-key-stdin";
    private const string SsoFlag = "--sso";
    private static readonly TimeSpan LogoutTimeout = TimeSpan.FromSeconds(5);

    public static ResourceKind<WhoAmIResponse> WhoAmIKind { get; } = new("user", "users", ApiRoutes.WhoAmI, identity => identity.User,
    [
        TableColumn<WhoAmIResponse>.Text("USER", identity => identity.User),
        TableColumn<WhoAmIResponse>.Text("KIND", identity => identity.Kind),
        TableColumn<WhoAmIResponse>.Text("GROUPS", identity => ListSummary.Of(identity.Groups)),
        TableColumn<WhoAmIResponse>.Text("AUTHENTICATED BY", identity => identity.AuthenticatedBy),
        TableColumn<WhoAmIResponse>.Text("IDP", identity => identity.IdentityProvider),
        TableColumn<WhoAmIResponse>.Until("EXPIRES", identity => identity.ExpiresAt),
        // The whole binding (and through what) is in -o json/yaml; the table shows where each role applies.
        TableColumn<WhoAmIResponse>.Text("ROLES", identity => ListSummary.Of(identity.Roles?.Select(role => $"{role.Role}@{role.Scope}").ToArray())),
    ]);

    public void AddTo(CommandVerbs verbs)
    {
        verbs.Root.Subcommands.Add(Login());
        verbs.Root.Subcommands.Add(Logout());
        verbs.Root.Subcommands.Add(Passwd());
        var whoAmI = new Command("whoami", "Show who the CLI is signed in as, and through which groups.");
        factory.SetAction(whoAmI, invocation => invocation.ShowAsync(WhoAmIKind, ApiRoutes.WhoAmI));
        verbs.Root.Subcommands.Add(whoAmI);
    }

    private Command Login()
    {
        var user = new Option<string?>("--user", "-u") { Description = "User name to sign in as (with --password-stdin)." };
        var passwordStdin = new Option<bool>(PasswordFlag) { Description = "Read the password from standard input." };
        var apiKeyStdin = new Option<bool>(ApiKeyFlag) { Description = "Sign in with an API key (pk_<id>.<secret>) read from standard input." };
        var sso = new Option<string?>(SsoFlag) { Description = "Sign in with this company identity provider, in a browser.", HelpName = "idp" };
        var device = new Option<bool>("--device") { Description = "With --sso: sign in on another device with a code, for machines without a browser." };
        var timeout = DurationOption.Create("--timeout", "With --sso: how long to wait for the browser (default 5m).");
        // A one-time code is spent on use and over in seconds: unlike a password, it may be an argument.
        var otp = new Option<string?>("--otp") { Description = "With --password-stdin: the code from your authenticator app, or a recovery code.", HelpName = "code" };
        var command = new Command("login", "Sign in and remember the server and session in the config file.") { user, passwordStdin, apiKeyStdin, sso, device, timeout, otp };
        command.Validators.Add(result =>
        {
            var withPassword = result.GetValue(passwordStdin);
            var withKey = result.GetValue(apiKeyStdin);
            var withSso = result.GetValue(sso) is not null;
            if ((withPassword ? 1 : 0) + (withKey ? 1 : 0) + (withSso ? 1 : 0) != 1)
            {
                result.AddError($"give either --user NAME {PasswordFlag}, {ApiKeyFlag} or {SsoFlag} IDP: secrets are read only from standard input.");
            }
            else if (withPassword && result.GetValue(user) is null)
            {
                result.AddError($"{PasswordFlag} needs --user NAME.");
            }
            else if (!withPassword && result.GetValue(otp) is not null)
            {
                result.AddError($"--otp belongs to {PasswordFlag}: company accounts give their second factor to their identity provider.");
            }
            else if (!withSso && (result.GetValue(device) || result.GetValue(timeout) is not null))
            {
                result.AddError($"--device and --timeout belong to {SsoFlag} IDP.");
            }
        });
        factory.SetAction(command, async invocation =>
        {
            var config = invocation.Context.Config.Load();
            var server = invocation.Context.Connections.Server(invocation.ServerFlag, config);
            CliConfig session;
            string? restriction = null;
            if (invocation.Value(sso) is { } identityProvider)
            {
                var signIn = new CompanySignIn(invocation.Context);
                var anonymous = invocation.Connect(new ApiConnection(server, null));
                var response = await signIn.RunAsync(anonymous, server, identityProvider, invocation.Value(device), invocation.Value(timeout), invocation.CancellationToken);
                session = CliConfig.FromSso(server, response);
            }
            else if (invocation.Value(apiKeyStdin))
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
                    ApiRoutes.Login, new LoginRequest(invocation.Value(user)!, password, invocation.Value(otp)), invocation.CancellationToken);
                session = new CliConfig(server.AbsoluteUri, login.Token, login.ExpiresAt, login.User);
                restriction = login.Restriction;
            }

            invocation.Context.Config.Save(session);
            var until = session.ExpiresAt is { } expiresAt ? $" until {TimeBound.ToRfc3339(expiresAt)}" : " with an API key";
            var through = session.IdentityProvider is { } provider ? $" through {provider}" : "";
            invocation.Out.WriteLine($"Logged in to {server.AbsoluteUri} as {session.User}{through}{until}.");
            WarnIfRestricted(invocation, restriction);
            return 0;
        });
        return command;
    }

    private Command Passwd()
    {
        var passwordStdin = new Option<bool>(PasswordFlag)
        {
            Description = "Read the current password, then the new one, each on its own line, from standard input.",
            Required = true,
        };
        var command = new Command("passwd", "Change your own password (local accounts). Ends your other sessions and kubeconfig certificates.") { passwordStdin };
        factory.SetAction(command, async invocation =>
        {
            var lines = invocation.ReadSecret(PasswordFlag).Split('\n').Select(line => line.TrimEnd('\r')).ToArray();
            if (lines is not [{ Length: > 0 } current, { Length: > 0 } replacement])
            {
                throw new CliUsageException($"{PasswordFlag} reads two lines: the current password, then the new one.");
            }
            var changed = await invocation.Api.PostAsync<LoginResponse>(ApiRoutes.Password, new ChangePasswordRequest(current, replacement), invocation.CancellationToken);
            var store = invocation.Context.Config;
            var session = new CliConfig(store.Load().Server, changed.Token, changed.ExpiresAt, changed.User);
            store.Save(session);
            invocation.Out.WriteLine($"Password changed for {changed.User}; its other sessions and kubeconfig certificates have ended. Signed in until {TimeBound.ToRfc3339(changed.ExpiresAt)}.");
            WarnIfRestricted(invocation, changed.Restriction);
            return 0;
        });
        return command;
    }

    /// <summary>A restricted session works for a few things only: say what must be done first.</summary>
    private static void WarnIfRestricted(CommandInvocation invocation, string? restriction)
    {
        var hint = restriction switch
        {
            null => null,
            SessionRestrictions.PasswordChange =>
                $"This account's password was generated and must be changed before anything else: paralus passwd {PasswordFlag} (the current and the new password, one per line).",
            SessionRestrictions.SecondFactorEnrollment =>
                "Your organization requires a second factor for administrative roles: run 'paralus totp enable', then sign in again with --otp.",
            _ => $"This session is restricted ({restriction}): it may only change the password or add an authenticator.",
        };
        if (hint is not null) invocation.Context.Console.Error.WriteLine(hint);
    }

    private Command Logout()
    {
        var command = new Command("logout", "Forget the session and kubectl's cached tokens; the server stays remembered for the next login.");
        factory.SetAction(command, async invocation =>
        {
            var store = invocation.Context.Config;
            var config = store.Load();
            new KubectlTokenCache(store, invocation.Context.TimeProvider).Clear();
            if (config.Token is null && config.RefreshToken is null)
            {
                invocation.Out.WriteLine("Not logged in.");
                return 0;
            }

            if (config.RefreshToken is { } refreshToken && config.Server is { } server && Uri.TryCreate(server, UriKind.Absolute, out var serverUri))
            {
                await EndSsoSessionAsync(invocation, serverUri, refreshToken);
            }

            store.Save(config.SignedOut());
            invocation.Out.WriteLine($"Logged out of {config.Server}.");
            return 0;
        });
        return command;
    }

    /// <summary>Best effort: the local session goes anyway, and a server that cannot be reached must not keep anyone signed in here.</summary>
    private static async Task EndSsoSessionAsync(CommandInvocation invocation, Uri server, string refreshToken)
    {
        try
        {
            var anonymous = invocation.Connect(new ApiConnection(server, null), LogoutTimeout);
            await anonymous.PostAsync(ApiRoutes.SsoLogout, new SsoLogoutRequest(refreshToken), invocation.CancellationToken);
        }
        catch (Exception exception) when (exception is ApiProblemException or ServerUnreachableException or InvalidDataException)
        {
            invocation.Context.Console.Error.WriteLine($"warning: the server did not end the company sign-in ({exception.Message}); it ends on its own when it expires.");
        }
    }
}
