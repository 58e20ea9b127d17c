using System.Security.Claims;

namespace Paralus.Functions.Auth;

/// <summary>The authenticated user behind a request. <see cref="AuthenticatedBy"/> is "session" or "apikey".</summary>
internal sealed record Caller(string OrganizationId, string UserId, string UserName, string AuthenticatedBy)
{
    public static Caller From(ClaimsPrincipal principal) => new(
        principal.FindFirstValue(ParalusClaims.Organization)!,
        principal.FindFirstValue(ParalusClaims.UserId)!,
        principal.FindFirstValue(ParalusClaims.UserName)!,
        principal.FindFirstValue(ParalusClaims.Method)!);
}
