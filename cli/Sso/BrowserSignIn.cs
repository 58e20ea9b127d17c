using Paralus.Cli.Api;
using Paralus.Cli.Parsing;
using Paralus.Domain.Contracts;
using Paralus.Domain.Security;

namespace Paralus.Cli.Sso;

/// <summary>
/// Company sign-in in a browser: authorization code with PKCE, answered on a loopback listener. Everything it tells
/// the user goes to stderr, so it also works under kubectl, whose stdout is the credential.
/// </summary>
internal sealed class BrowserSignIn(CliContext context)
{
    public async Task<SsoTokenResponse> RunAsync(ParalusApiClient anonymous, Uri server, string identityProvider, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var pkce = PkceChallenge.Create();
        var state = RandomTokens.Secret();
        using var callback = LoopbackCallback.Start(context.TimeProvider);
        var query = new ApiQuery()
            .Add("redirect_uri", callback.RedirectUri.AbsoluteUri)
            .Add("code_challenge", pkce.Challenge)
            .Add("code_challenge_method", PkceChallenge.Method)
            .Add("state", state);
        var url = ApiRoutes.Absolute(server, query.AppendTo(ApiRoutes.SsoAuthorize(identityProvider)));

        var error = context.Console.Error;
        error.WriteLine($"Sign in with {identityProvider} in your browser. If it does not open, visit:");
        error.WriteLine($"  {url.AbsoluteUri}");
        error.Flush();
        BrowserLauncher.TryOpen(url, context.Environment);

        using var deadline = new CancellationTokenSource(timeout, context.TimeProvider);
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        string code;
        try
        {
            code = await callback.WaitForCodeAsync(state, wait.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new SignInFailedException(
                $"no sign-in came back from the browser within {DurationFormat.Format((long)timeout.TotalSeconds)}; run 'paralus login --sso {identityProvider}' again (or add --device).");
        }

        return await anonymous.PostAsync<SsoTokenResponse>(
            ApiRoutes.SsoToken,
            new SsoTokenRequest(SsoTokenRequest.AuthorizationCodeGrant, Code: code, CodeVerifier: pkce.Verifier, RedirectUri: callback.RedirectUri.AbsoluteUri),
            cancellationToken);
    }
}
