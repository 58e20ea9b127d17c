using System.Net;
using Microsoft.AspNetCore.Mvc;
using Paralus.Domain.Contracts;
using Paralus.Functions.Pipeline;
using Paralus.Functions.SignIn;

namespace Paralus.Functions.Apis;

/// <summary>
/// Company sign-in, all anonymous: the browser leg (authorize → provider → callback → the client's loopback), the device
/// grant, the token endpoint that turns one-time codes, device codes and refresh tokens into Paralus sessions, and logout.
/// </summary>
internal static class SsoApi
{
    public static RouteGroupBuilder MapSsoApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/v1/sso").WithFunction("sso").WithTags("Company sign-in").AllowAnonymous();
        api.MapGet("/providers", Providers).WithName("ListSignInProviders").WithSummary("The identity providers people can sign in with.");
        api.MapGet("/{idp}/authorize", Authorize).WithName("AuthorizeSignIn")
            .WithSummary("Start a browser sign-in: redirects to the identity provider, which returns to the callback, which redirects to the client's loopback redirect_uri.")
            .Produces(StatusCodes.Status302Found).ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status502BadGateway);
        api.MapGet("/callback", Callback).WithName("SignInCallback").WithSummary("Where identity providers return the browser; register this URL at the provider.")
            .Produces(StatusCodes.Status302Found).ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapPost("/{idp}/device", StartDevice).WithName("StartDeviceSignIn").WithSummary("Start a device sign-in at the identity provider.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status502BadGateway);
        api.MapPost("/token", Token).WithName("SignInToken").WithSummary("Exchange a sign-in code, device code or refresh token for a Paralus session.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapPost("/logout", Logout).WithName("SignOut").WithSummary("End a company sign-in's refresh session.").ProducesProblem(StatusCodes.Status400BadRequest);
        return api;
    }

    public static async Task<Ok<ListResponse<SsoProviderResource>>> Providers(HttpContext http, CompanySignIn signIn) =>
        TypedResults.Ok(new ListResponse<SsoProviderResource>(await signIn.ProvidersAsync(http.RequestAborted), null));

    public static async Task<Results<RedirectHttpResult, ProblemHttpResult>> Authorize(HttpContext http, CompanySignIn signIn, string idp,
        [FromQuery(Name = "redirect_uri")] string? redirectUri, [FromQuery(Name = "code_challenge")] string? codeChallenge,
        [FromQuery(Name = "code_challenge_method")] string? codeChallengeMethod, string? state)
    {
        var (url, failure) = await Unavailable(() => signIn.BeginAuthorizationAsync(idp, redirectUri, codeChallenge, codeChallengeMethod, state, http.RequestAborted));
        return failure is null ? TypedResults.Redirect(url!) : Problem(failure);
    }

    public static async Task<Results<RedirectHttpResult, ProblemHttpResult>> Callback(HttpContext http, CompanySignIn signIn, string? code, string? state, string? error,
        [FromQuery(Name = "error_description")] string? errorDescription)
    {
        var (redirect, failure) = await Unavailable(() => signIn.CompleteAuthorizationAsync(http, code, state, error, errorDescription));
        return failure is null ? TypedResults.Redirect(redirect!) : Problem(failure);
    }

    public static async Task<Results<Ok<DeviceAuthorizationResponse>, ProblemHttpResult>> StartDevice(HttpContext http, CompanySignIn signIn, string idp)
    {
        var (device, failure) = await Unavailable(() => signIn.StartDeviceAsync(idp, http.RequestAborted));
        return failure is null ? TypedResults.Ok(device!) : Problem(failure);
    }

    public static async Task<Results<Ok<SsoTokenResponse>, ProblemHttpResult>> Token(HttpContext http, CompanySignIn signIn, SsoTokenRequest request)
    {
        var (session, failure) = await Unavailable(() => signIn.TokenAsync(http, request));
        if (failure is not null) return Problem(failure);
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(session!);
    }

    public static async Task<Results<NoContent, ValidationProblem>> Logout(HttpContext http, CompanySignIn signIn, SsoLogoutRequest request)
    {
        if (request.RefreshToken is not { Length: > 0 and <= 256 } token) return Problems.Invalid("refreshToken", "refreshToken is required (at most 256 characters).");
        await signIn.LogoutAsync(token, http.RequestAborted);
        return TypedResults.NoContent();
    }

    /// <summary>A provider that cannot be reached or answers nonsense is a 502 saying which, not a 500.</summary>
    private static async Task<(T?, SignInFailure?)> Unavailable<T>(Func<Task<(T?, SignInFailure?)>> step)
    {
        try
        {
            return await step();
        }
        catch (Exception e) when (e is IdentityProviderUnavailableException or HttpRequestException)
        {
            return (default, new SignInFailure("temporarily_unavailable", e.Message, (int)HttpStatusCode.BadGateway));
        }
    }

    private static ProblemHttpResult Problem(SignInFailure failure) => TypedResults.Problem(failure.Detail, statusCode: failure.Status,
        title: failure.Status switch { 404 => "Not found", 502 => "Bad gateway", _ => "Sign-in failed" },
        extensions: new Dictionary<string, object?> { ["error"] = failure.Error });
}
