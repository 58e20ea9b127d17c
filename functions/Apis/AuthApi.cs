using Paralus.Domain.Audit;
using Paralus.Domain.Contracts;
using Paralus.Domain.Model;
using Paralus.Domain.Security;
using Paralus.Functions.Configuration;
using Paralus.Functions.Pipeline;
using Paralus.Infrastructure.Sessions;
using Paralus.Infrastructure.Storage;

namespace Paralus.Functions.Apis;

/// <summary>Local login and "who am I". Every login attempt is audited, successful or not.</summary>
internal static class AuthApi
{
    public static RouteGroupBuilder MapAuthApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/v1/auth").WithFunction("auth").WithTags("Authentication");
        api.MapPost("/login", Login).AllowAnonymous().WithName("Login").WithSummary("Sign in with a local user name and password for a session token.")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status429TooManyRequests);
        api.MapGet("/whoami", WhoAmI).WithName("WhoAmI").WithSummary("The caller, their groups and how they authenticated.").ProducesProblem(StatusCodes.Status401Unauthorized);
        return api;
    }

    public static async Task<Results<Ok<LoginResponse>, ProblemHttpResult, ValidationProblem>> Login(HttpContext http, LoginRequest request, DirectoryViewCache views, ServedOrganization organization,
        SessionTokenService sessions, AuditTrail audit, IPasswordVerifier passwords, LoginThrottle throttle)
    {
        if (string.IsNullOrEmpty(request.Username) || request.Username.Length > NameRules.MaxUserName) return Problems.Invalid("username", "username is required (at most 254 characters).");
        if (string.IsNullOrEmpty(request.Password) || request.Password.Length > PasswordHasher.MaximumLength) return Problems.Invalid("password", "password is required.");

        var target = $"user/{request.Username}";
        var address = http.Connection.RemoteIpAddress?.ToString();
        if (throttle.RetryAfter(request.Username, address) is { } wait)
        {
            await audit.RecordAsync(http, request.Username, "user.login", target, null, AuditOutcome.Denied, $"too many failed sign-ins; retry after {Problems.Seconds(wait)} s");
            return Problems.TooManyRequests(http, $"too many failed sign-ins; try again in {Problems.Seconds(wait)} s.", wait);
        }

        var view = await views.GetAsync(organization.Id, http.RequestAborted);
        var user = view.UserByName(request.Username);
        // The same answer, and the same hashing work, for unknown users, wrong passwords and users without a local password: nothing to enumerate.
        var storedHash = user is { Value.Kind: UserKind.Local } ? view.PasswordHashOf(user.Value.Id) : null;
        var valid = passwords.Verify(request.Password, storedHash) && user is not null;
        if (!valid)
        {
            var locked = throttle.Failed(request.Username, address);
            await audit.RecordAsync(http, request.Username, "user.login", target, null, AuditOutcome.Denied,
                locked is { } lockout ? $"invalid user name or password; sign-in locked for {Problems.Seconds(lockout)} s" : "invalid user name or password");
            return TypedResults.Problem("invalid user name or password.", statusCode: 401, title: "Unauthorized");
        }

        throttle.Succeeded(request.Username, address);
        if (!user!.Value.Active)
        {
            await audit.RecordAsync(http, request.Username, "user.login", target, null, AuditOutcome.Denied, "user is deactivated");
            return TypedResults.Problem("this account is deactivated; ask an administrator.", statusCode: 401, title: "Unauthorized");
        }

        var (token, expires) = sessions.Issue(view.Organization.Id, user.Value.Id, user.Value.Name);
        await audit.RecordAsync(http, user.Value.Name, "user.login", $"user/{user.Value.Name}", null, AuditOutcome.Success);
        return TypedResults.Ok(new LoginResponse(token, expires, user.Value.Name));
    }

    public static async Task<Ok<WhoAmIResponse>> WhoAmI(HttpContext http, ControlPlane cp)
    {
        var access = await cp.ReadAsync(http);
        var user = access.View.Users[access.Caller.UserId];
        var groups = access.View.Memberships.Where(m => m.UserId == user.Value.Id)
            .Select(m => access.View.Groups.TryGetValue(m.GroupId, out var g) ? g.Value.Name : m.GroupId).Order(StringComparer.Ordinal).ToArray();
        return TypedResults.Ok(new WhoAmIResponse(user.Value.Name, user.Value.Kind.ToString(), groups, access.Caller.AuthenticatedBy));
    }
}
