using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Paralus.Domain.Contracts;
using Paralus.Domain.Model;

namespace Paralus.Functions.Auth;

/// <summary>
/// Part of the API's default policy: a restricted session (a generated password to replace, a required authenticator
/// to add) reaches only the endpoints marked with <see cref="AllowRestrictedSession{TBuilder}"/>, which secure the
/// caller's own account. Everything else answers 403 saying what to do first.
/// </summary>
internal static class RestrictedSessionRule
{
    public static bool Allows(AuthorizationHandlerContext context) =>
        RestrictionOf(context.User) is null
        || (context.Resource is HttpContext http && http.GetEndpoint()?.Metadata.GetMetadata<RestrictedSessionAllowed>() is not null);

    public static SessionRestriction? RestrictionOf(ClaimsPrincipal principal) =>
        Enum.TryParse<SessionRestriction>(principal.FindFirstValue(ParalusClaims.Restriction), out var restriction) ? restriction : null;

    /// <summary>Marks an endpoint a restricted session may call.</summary>
    public static TBuilder AllowRestrictedSession<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RestrictedSessionAllowed());

    /// <summary>What the 403 says, and its <c>error</c> for clients to act on.</summary>
    public static (string Error, string Detail) Refusal(SessionRestriction restriction) => (SessionRestrictions.Name(restriction), restriction switch
    {
        SessionRestriction.PasswordChange => "this account's password was generated and must be changed before anything else: run 'paralus passwd'.",
        _ => "your organization requires a second factor for administrative roles: add an authenticator with 'paralus totp enable', then sign in again with --otp.",
    });

    private sealed class RestrictedSessionAllowed;
}
