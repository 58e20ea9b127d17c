using Paralus.Core.Audit;
using Paralus.Core.Contracts;
using Paralus.Core.Domain;
using Paralus.Core.Security;
using Paralus.Core.Storage;
using Paralus.Functions.Auth;
using Paralus.Functions.Hosting;

namespace Paralus.Functions.Apis;

/// <summary>Local login and "who am I". Every login attempt is audited, successful or not.</summary>
internal static class AuthApi
{
    public static RouteGroupBuilder MapAuthApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/v1/auth").WithFunction("auth");
        api.MapPost("/login", Login).AllowAnonymous();
        api.MapGet("/whoami", WhoAmI);
        return api;
    }

    public static async Task<IResult> Login(HttpContext http, LoginRequest request, DirectoryViewCache views, ServedOrganization organization,
        SessionTokenService sessions, AuditTrail audit)
    {
        if (string.IsNullOrEmpty(request.Username) || request.Username.Length > NameRules.MaxUserName) return Problems.Invalid("username", "username is required (at most 254 characters).");
        if (string.IsNullOrEmpty(request.Password) || request.Password.Length > PasswordHasher.MaximumLength) return Problems.Invalid("password", "password is required.");

        var view = await views.GetAsync(organization.Id, http.RequestAborted);
        var user = view.UserByName(request.Username);
        // The same answer for unknown users, wrong passwords and users without a local password: nothing to enumerate.
        var valid = user is not null && user.Value.Kind == UserKind.Local && PasswordHasher.Verify(request.Password, view.PasswordHashOf(user.Value.Id));
        if (!valid || !user!.Value.Active)
        {
            var reason = !valid ? "invalid user name or password" : "user is deactivated";
            await audit.RecordAsync(http, request.Username, "user.login", $"user/{request.Username}", null, AuditOutcome.Denied, reason);
            return TypedResults.Problem(valid ? "this account is deactivated; ask an administrator." : "invalid user name or password.", statusCode: 401, title: "Unauthorized");
        }

        var (token, expires) = sessions.Issue(view.Organization.Id, user.Value.Id, user.Value.Name);
        await audit.RecordAsync(http, user.Value.Name, "user.login", $"user/{user.Value.Name}", null, AuditOutcome.Success);
        return TypedResults.Ok(new LoginResponse(token, expires, user.Value.Name));
    }

    public static async Task<IResult> WhoAmI(HttpContext http, ControlPlane cp)
    {
        var access = await cp.ReadAsync(http);
        var user = access.View.Users[access.Caller.UserId];
        var groups = access.View.Memberships.Where(m => m.UserId == user.Value.Id)
            .Select(m => access.View.Groups.TryGetValue(m.GroupId, out var g) ? g.Value.Name : m.GroupId).Order(StringComparer.Ordinal).ToArray();
        return TypedResults.Ok(new WhoAmIResponse(user.Value.Name, user.Value.Kind.ToString(), groups, access.Caller.AuthenticatedBy));
    }
}
