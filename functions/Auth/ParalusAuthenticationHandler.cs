using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Paralus.Domain.Directory;
using Paralus.Domain.Model;
using Paralus.Domain.Security;
using Paralus.Functions.Configuration;
using Paralus.Infrastructure.Sessions;
using Paralus.Infrastructure.Storage;

namespace Paralus.Functions.Auth;

/// <summary>
/// Bearer authentication for the REST API: a session token from local login, or an API key (<c>pk_…</c>).
/// Either way the user must still exist and be active, and a session must not predate a credential revocation.
/// Further schemes (OIDC, Entra ID) join as separate handlers behind the same policy scheme.
/// </summary>
internal sealed partial class ParalusAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    SessionTokenService sessions,
    DirectoryViewCache views,
    ApiKeyUsageLog apiKeyUsage,
    ServedOrganization organization,
    TimeProvider time)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "Paralus";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header)) return AuthenticateResult.NoResult();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return Fail("the Authorization header must be 'Bearer <token>'.");
        var token = header["Bearer ".Length..].Trim();
        if (token.Length is 0 or > 4096) return Fail("the bearer token is empty or too long.");

        var view = await views.GetAsync(organization.Id, Context.RequestAborted);
        if (ApiKeyToken.LooksLikeApiKey(token)) return await AuthenticateApiKeyAsync(token, view);

        var claims = await sessions.ValidateAsync(token);
        var (user, refusal) = SessionCheck.Of(claims, view);
        return user is null ? Fail(refusal!) : Success(view.Organization.Id, user.Id, user.Name, "session", claims!.ExpiresAt, restriction: claims.Restriction);
    }

    private async Task<AuthenticateResult> AuthenticateApiKeyAsync(string token, DirectoryView view)
    {
        if (!ApiKeyToken.TryParse(token, out var key) || key!.OrganizationId != view.Organization.Id
            || !view.ApiKeys.TryGetValue(key.KeyId, out var stored) || !key.Matches(stored.Value.SecretHash))
        {
            return Fail("the API key is invalid or has been deleted.");
        }

        if (stored.Value.HasExpired(time.GetUtcNow())) return Fail($"the API key expired at {stored.Value.ExpiresAt:O}; create a new one.");
        if (!view.Users.TryGetValue(stored.Value.UserId, out var user) || !user.Value.Active) return Fail("the API key's user is deactivated or deleted.");
        await apiKeyUsage.RecordAsync(view.Organization.Id, key.KeyId, Context.RequestAborted);
        return Success(view.Organization.Id, user.Value.Id, user.Value.Name, "apikey", stored.Value.ExpiresAt, ApiKey.ScopeName(stored.Value.Scope));
    }

    private static AuthenticateResult Success(string organizationId, string userId, string userName, string method, DateTimeOffset? expiresAt, string? apiKeyScope = null,
        SessionRestriction? restriction = null)
    {
        var identity = new ClaimsIdentity(
            [
                new(ParalusClaims.Organization, organizationId),
                new(ParalusClaims.UserId, userId),
                new(ParalusClaims.UserName, userName),
                new(ParalusClaims.Method, method),
                .. apiKeyScope is null ? Array.Empty<Claim>() : [new Claim(ParalusClaims.ApiKeyScope, apiKeyScope)],
                .. restriction is { } reason ? [new Claim(ParalusClaims.Restriction, reason.ToString())] : Array.Empty<Claim>(),
                .. expiresAt is { } end ? [new Claim(ParalusClaims.ExpiresAt, end.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture))] : Array.Empty<Claim>(),
            ],
            SchemeName, ParalusClaims.UserName, null);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    private AuthenticateResult Fail(string reason)
    {
        LogRejected(Logger, Context.Connection.RemoteIpAddress?.ToString(), reason);
        Context.Items[FailureReasonKey] = reason;
        return AuthenticateResult.Fail(reason);
    }

    /// <summary>Lets the 401 response say why, so the CLI can show it.</summary>
    public const string FailureReasonKey = "paralus.auth.failure";

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var reason = Context.Items[FailureReasonKey] as string ?? "authentication required: send 'Authorization: Bearer <token>' (run 'paralus login').";
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await Results.Problem(title: "Unauthorized", detail: reason, statusCode: 401).ExecuteAsync(Context);
    }

    /// <summary>Authenticated, yet refused by the policy: a restricted session outside its few endpoints, or a read-only API key asking to change something.</summary>
    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        if (RestrictedSessionRule.RestrictionOf(Context.User) is { } restriction)
        {
            var (error, detail) = RestrictedSessionRule.Refusal(restriction);
            return Results.Problem(title: "Forbidden", statusCode: StatusCodes.Status403Forbidden, detail: detail,
                extensions: new Dictionary<string, object?> { ["error"] = error }).ExecuteAsync(Context);
        }
        return Results.Problem(title: "Forbidden", statusCode: StatusCodes.Status403Forbidden,
            detail: "this API key is read-only: it may only read (GET); use a key with scope 'full' to change anything.").ExecuteAsync(Context);
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Rejected credentials from {ClientAddress}: {Reason}")]
    private static partial void LogRejected(ILogger logger, string? clientAddress, string reason);
}
