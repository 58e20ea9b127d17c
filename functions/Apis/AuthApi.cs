using System.Globalization;
using Paralus.Domain.Audit;
using Paralus.Domain.Contracts;
using Paralus.Domain.Directory;
using Paralus.Domain.Directory.Commands;
using Paralus.Domain.Model;
using Paralus.Domain.Security;
using Paralus.Functions.Auth;
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
        api.MapPost("/password", ChangePassword).AllowRestrictedSession().WithName("ChangePassword")
            .WithSummary("Change your own password (local accounts), proved by the current one; ends your other sessions and kubeconfig certificates and answers a new session.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        api.MapPost("/totp", BeginTotp).AllowRestrictedSession().WithName("BeginTotp").WithSummary("Start adding an authenticator app (local accounts): its secret and otpauth URI.")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/totp/confirm", ConfirmTotp).AllowRestrictedSession().WithName("ConfirmTotp").WithSummary("Confirm the authenticator with a code: sign-in needs a code from now on; the recovery codes are shown once.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized);
        api.MapPost("/totp/disable", DisableTotp).WithName("DisableTotp").WithSummary("Remove the authenticator, with a current code or a recovery code.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized);
        api.MapGet("/whoami", WhoAmI).AllowRestrictedSession().WithName("WhoAmI").WithSummary("The caller, their groups and how they authenticated.").ProducesProblem(StatusCodes.Status401Unauthorized);
        return api;
    }

    public static async Task<Results<Ok<LoginResponse>, ProblemHttpResult, ValidationProblem>> Login(HttpContext http, LoginRequest request, DirectoryViewCache views, ServedOrganization organization,
        SessionTokenService sessions, AuditTrail audit, IPasswordVerifier passwords, LoginThrottle throttle, SecondFactor secondFactor)
    {
        if (string.IsNullOrEmpty(request.Username) || request.Username.Length > NameRules.MaxUserName) return Problems.Invalid("username", "username is required (at most 254 characters).");
        if (string.IsNullOrEmpty(request.Password) || request.Password.Length > PasswordHasher.MaximumLength) return Problems.Invalid("password", "password is required.");
        if (request.Otp is { Length: 0 or > MaxCodeLength }) return Problems.Invalid("otp", $"otp must be 1 to {MaxCodeLength} characters.");

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

        var hasSecondFactor = await secondFactor.IsEnabledAsync(view.Organization.Id, user!.Value.Id, http.RequestAborted);
        if (hasSecondFactor)
        {
            if (request.Otp is null)
            {
                // The password was right: say what else is needed, without counting it as a failure.
                await audit.RecordAsync(http, request.Username, "user.login", target, null, AuditOutcome.Denied, "one-time code required");
                return TypedResults.Problem("this account also needs a one-time code: the code from your authenticator app, or a recovery code (paralus login ... --otp CODE).",
                    statusCode: 401, title: "Unauthorized", extensions: new Dictionary<string, object?> { ["error"] = OtpRequired });
            }
            if (!await secondFactor.VerifyAsync(view.Organization.Id, user.Value.Id, request.Otp, http.RequestAborted))
            {
                var locked = throttle.Failed(request.Username, address);
                await audit.RecordAsync(http, request.Username, "user.login", target, null, AuditOutcome.Denied,
                    locked is { } lockout ? $"invalid one-time code; sign-in locked for {Problems.Seconds(lockout)} s" : "invalid one-time code");
                return TypedResults.Problem("the one-time code is wrong, expired or already used.", statusCode: 401, title: "Unauthorized",
                    extensions: new Dictionary<string, object?> { ["error"] = OtpRequired });
            }
        }

        throttle.Succeeded(request.Username, address);
        if (!user.Value.Active)
        {
            await audit.RecordAsync(http, request.Username, "user.login", target, null, AuditOutcome.Denied, "user is deactivated");
            return TypedResults.Problem("this account is deactivated; ask an administrator.", statusCode: 401, title: "Unauthorized");
        }

        var restriction = SessionRestrictionRule.For(view, user.Value, hasSecondFactor);
        var (token, expires) = sessions.Issue(view.Organization.Id, user.Value.Id, user.Value.Name, restriction, user.Value.CredentialsRevokedBefore);
        await audit.RecordAsync(http, user.Value.Name, "user.login", $"user/{user.Value.Name}", null, AuditOutcome.Success,
            restriction is { } reason ? $"restricted session: {SessionRestrictions.Name(reason)}" : null);
        return TypedResults.Ok(new LoginResponse(token, expires, user.Value.Name, SessionRestrictions.NameOrNull(restriction)));
    }

    public static async Task<Results<Ok<LoginResponse>, ProblemHttpResult, ValidationProblem>> ChangePassword(HttpContext http, ControlPlane cp, ChangePasswordRequest request,
        SessionTokenService sessions, IPasswordVerifier passwords, LoginThrottle throttle, SecondFactor secondFactor)
    {
        if (string.IsNullOrEmpty(request.CurrentPassword) || request.CurrentPassword.Length > PasswordHasher.MaximumLength) return Problems.Invalid("currentPassword", "currentPassword is required.");
        if (request.NewPassword is null) return Problems.Invalid("newPassword", "newPassword is required.");
        if (PasswordHasher.CheckStrength(request.NewPassword) is { } weak) return Problems.Invalid("newPassword", weak);
        if (request.NewPassword == request.CurrentPassword) return Problems.Invalid("newPassword", "the new password must differ from the current one.");

        var access = await cp.ReadAsync(http);
        var caller = access.Caller;
        var user = access.View.Users[caller.UserId];
        var target = $"user/{user.Value.Name}";
        if (user.Value.Kind != UserKind.Local)
        {
            return TypedResults.Problem(user.Value.Kind == UserKind.Service ? "a service user has no password." : "company accounts change their password at their identity provider.",
                statusCode: 409, title: "Conflict");
        }

        // A stolen session must not be a way to guess the password: wrong guesses count as failed sign-ins.
        var address = http.Connection.RemoteIpAddress?.ToString();
        if (throttle.RetryAfter(user.Value.Name, address) is { } wait)
        {
            await cp.AuditAsync(http, caller, "user.password.change", target, null, AuditOutcome.Denied, $"too many failed attempts; retry after {Problems.Seconds(wait)} s");
            return Problems.TooManyRequests(http, $"too many failed attempts; try again in {Problems.Seconds(wait)} s.", wait);
        }
        if (!passwords.Verify(request.CurrentPassword, access.View.PasswordHashOf(user.Value.Id)))
        {
            throttle.Failed(user.Value.Name, address);
            await cp.AuditAsync(http, caller, "user.password.change", target, null, AuditOutcome.Denied, "wrong current password");
            return Problems.Invalid("currentPassword", "the current password is wrong.");
        }
        throttle.Succeeded(user.Value.Name, address);

        var revokedAt = cp.Time.GetUtcNow();
        var result = await cp.Writer.MutateAsync(caller.OrganizationId,
            new UpdateUser(user.Value.Name, null, null, null, PasswordHasher.Hash(request.NewPassword), revokedAt, user.ETag).Plan, http.RequestAborted);
        if (await cp.CompleteAsync(http, caller, "user.password.change", target, null, result, "other sessions and kubeconfig certificates ended") is { } failed) return failed;

        var changed = user.Value with { PasswordChangeRequired = false };
        var restriction = SessionRestrictionRule.For(access.View, changed, await secondFactor.IsEnabledAsync(caller.OrganizationId, changed.Id, http.RequestAborted));
        var (token, expires) = sessions.Issue(caller.OrganizationId, changed.Id, changed.Name, restriction, revokedAt);
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new LoginResponse(token, expires, changed.Name, SessionRestrictions.NameOrNull(restriction)));
    }

    /// <summary>What a login's problem says in <c>error</c> when the account needs (another) one-time code.</summary>
    public const string OtpRequired = "otp_required";

    private const int MaxCodeLength = 64;

    public static async Task<Results<Ok<TotpEnrollmentResponse>, ProblemHttpResult>> BeginTotp(HttpContext http, ControlPlane cp, SecondFactor secondFactor)
    {
        var access = await cp.ReadAsync(http);
        var user = access.View.Users[access.Caller.UserId].Value;
        if (user.Kind != UserKind.Local) return TypedResults.Problem("only local accounts add an authenticator here; company accounts use their identity provider's.", statusCode: 409, title: "Conflict");
        if (await secondFactor.BeginAsync(access.Caller.OrganizationId, user.Id, user.Name, http.RequestAborted) is not var (secret, uri))
        {
            return TypedResults.Problem("an authenticator is already set up; disable it first to add another.", statusCode: 409, title: "Conflict");
        }
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new TotpEnrollmentResponse(secret, uri));
    }

    public static async Task<Results<Ok<TotpRecoveryCodesResponse>, ProblemHttpResult, ValidationProblem>> ConfirmTotp(HttpContext http, ControlPlane cp, SecondFactor secondFactor,
        TotpCodeRequest request)
    {
        if (request.Code is not { Length: > 0 and <= MaxCodeLength }) return Problems.Invalid("code", $"code must be 1 to {MaxCodeLength} characters.");
        var access = await cp.ReadAsync(http);
        var target = $"user/{access.Caller.UserName}";
        if (await secondFactor.ConfirmAsync(access.Caller.OrganizationId, access.Caller.UserId, request.Code, http.RequestAborted) is not { } recoveryCodes)
        {
            await cp.AuditAsync(http, access.Caller, "user.totp.enable", target, null, AuditOutcome.Denied, "wrong code, or no authenticator being added");
            return Problems.Invalid("code", "the code is not the authenticator's current one, or no authenticator is being added (start with POST /api/v1/auth/totp).");
        }
        await cp.AuditAsync(http, access.Caller, "user.totp.enable", target, null, AuditOutcome.Success);
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new TotpRecoveryCodesResponse(recoveryCodes));
    }

    public static async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> DisableTotp(HttpContext http, ControlPlane cp, SecondFactor secondFactor, TotpCodeRequest request)
    {
        if (request.Code is not { Length: > 0 and <= MaxCodeLength }) return Problems.Invalid("code", $"code must be 1 to {MaxCodeLength} characters.");
        var access = await cp.ReadAsync(http);
        var target = $"user/{access.Caller.UserName}";
        if (!await secondFactor.DisableAsync(access.Caller.OrganizationId, access.Caller.UserId, request.Code, http.RequestAborted))
        {
            await cp.AuditAsync(http, access.Caller, "user.totp.disable", target, null, AuditOutcome.Denied, "wrong code");
            return Problems.Invalid("code", "the code is not a current one-time code or an unused recovery code.");
        }
        await cp.AuditAsync(http, access.Caller, "user.totp.disable", target, null, AuditOutcome.Success);
        return TypedResults.NoContent();
    }

    public static async Task<Ok<WhoAmIResponse>> WhoAmI(HttpContext http, ControlPlane cp)
    {
        var access = await cp.ReadAsync(http);
        var view = access.View;
        var user = view.Users[access.Caller.UserId].Value;
        var groups = view.GroupIdsOf(user.Id).Select(id => ResourceMapper.GroupName(view, id)).Order(StringComparer.Ordinal).ToArray();
        var provider = view.IdentityProviderNameOf(user);
        var expiresAt = long.TryParse(http.User.FindFirst(ParalusClaims.ExpiresAt)?.Value, CultureInfo.InvariantCulture, out var seconds) ? DateTimeOffset.FromUnixTimeSeconds(seconds) : (DateTimeOffset?)null;
        var roles = view.BindingsOf(user.Id)
            .Select(b => new EffectiveRole(
                view.Roles.TryGetValue(b.RoleId, out var role) ? role.Value.Name : b.RoleId,
                b.Scope.ProjectId is null ? "organization"
                    : $"project/{ResourceMapper.ProjectName(view, b.Scope.ProjectId)}" + (b.Scope.Namespace is { } ns ? $"/namespace/{ns}" : ""),
                b.Subject.Kind == SubjectKind.User ? "user" : $"group/{ResourceMapper.GroupName(view, b.Subject.Id)}"))
            .OrderBy(r => r.Scope, StringComparer.Ordinal).ThenBy(r => r.Role, StringComparer.Ordinal).ThenBy(r => r.Via, StringComparer.Ordinal).ToArray();
        return TypedResults.Ok(new WhoAmIResponse(user.Name, user.Kind.ToString(), groups, access.Caller.AuthenticatedBy, provider, expiresAt, roles,
            SessionRestrictions.NameOrNull(RestrictedSessionRule.RestrictionOf(http.User))));
    }
}
