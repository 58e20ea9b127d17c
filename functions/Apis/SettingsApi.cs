using Paralus.Domain.Contracts;
using Paralus.Domain.Directory.Commands;
using Paralus.Domain.Model;
using Paralus.Domain.Policy;
using Paralus.Functions.Auth;
using Paralus.Functions.OpenApi;
using Paralus.Functions.Pipeline;

namespace Paralus.Functions.Apis;

internal static class SettingsApi
{
    private static readonly TimeSpan MinKubeconfigValidity = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan MaxKubeconfigCeiling = TimeSpan.FromDays(365);
    private static readonly TimeSpan MinInactivity = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan MinRetention = TimeSpan.FromDays(1);
    private static readonly TimeSpan MaxRetention = TimeSpan.FromDays(3650);
    private static readonly long MaxSeconds = (long)TimeSpan.MaxValue.TotalSeconds;

    public static RouteGroupBuilder MapSettingsApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/v1/settings").WithFunction("settings").WithTags("Settings").ProducesCallerProblems();
        api.MapGet("/", Get).WithName("GetSettings").WithSummary("Get the organization's settings.");
        api.MapPatch("/", Update).WithName("UpdateSettings").WithSummary("Update the organization's settings (If-Match for a conditional update).").ProducesProblem(StatusCodes.Status412PreconditionFailed);
        return api;
    }

    public static async Task<Results<Ok<OrganizationSettingsResource>, ProblemHttpResult>> Get(HttpContext http, ControlPlane cp)
    {
        var access = await cp.ReadAsync(http);
        if (await cp.DenyUnlessAsync(http, access, Permissions.OrganizationRead, PolicyTarget.Organization) is { } denied) return denied;
        return TypedResults.Ok(access.View.Settings.ToResource());
    }

    public static Task<Results<Ok<OrganizationSettingsResource>, ProblemHttpResult, ValidationProblem>> Update(HttpContext http, ControlPlane cp, UpdateOrganizationSettingsRequest request,
        SecondFactor secondFactor) =>
        cp.ExecuteAsync<Ok<OrganizationSettingsResource>>(http, new Operation(Permissions.OrganizationWrite, "settings.update", "settings"), PolicyTarget.Organization, null, async granted =>
        {
            var current = granted.Access.View.Settings;
            var expected = IfMatch.From(http) ?? current.ETag;
            var proposed = Apply(current.Value, request);
            if (Validate(proposed) is { } invalid) return invalid;
            var caller = granted.Access.View.Users[granted.Access.Caller.UserId].Value;
            // Whoever turns the rule on must meet it, or their next sign-in is a restricted one (as GitHub asks of organization owners).
            if (proposed.RequireSecondFactorForAdmins && !current.Value.RequireSecondFactorForAdmins && caller.Kind == UserKind.Local
                && !await secondFactor.IsEnabledAsync(granted.Access.Caller.OrganizationId, caller.Id, http.RequestAborted))
            {
                return TypedResults.Problem("add an authenticator to your own account first ('paralus totp enable'): the rule would apply to you too.",
                    statusCode: 409, title: "Conflict");
            }
            var (_, failed) = await granted.MutateAsync(new UpdateSettings(proposed, expected));
            if (failed is not null) return failed;
            return TypedResults.Ok((await granted.RefreshAsync()).Settings.ToResource());
        });

    private static OrganizationSettings Apply(OrganizationSettings s, UpdateOrganizationSettingsRequest r) => new(
        r.KubeconfigValiditySeconds is { } v ? FromSeconds(v) : s.KubeconfigValidity,
        r.KubeconfigMaxValiditySeconds is { } m ? FromSeconds(m) : s.KubeconfigMaxValidity,
        r.ServiceAccountInactivityTimeoutSeconds is { } i ? FromSeconds(i) : s.ServiceAccountInactivityTimeout,
        r.AuditRetentionSeconds is { } a ? FromSeconds(a) : s.AuditRetention,
        r.RequireSecondFactorForAdmins ?? s.RequireSecondFactorForAdmins);

    /// <summary>Clamped, so a value past what a TimeSpan holds is refused by <see cref="Validate"/> as out of range, not an overflow.</summary>
    private static TimeSpan FromSeconds(long seconds) => TimeSpan.FromSeconds(Math.Clamp(seconds, -MaxSeconds, MaxSeconds));

    private static ValidationProblem? Validate(OrganizationSettings s)
    {
        if (s.KubeconfigMaxValidity < MinKubeconfigValidity || s.KubeconfigMaxValidity > MaxKubeconfigCeiling)
            return Problems.Invalid("kubeconfigMaxValiditySeconds", $"the maximum kubeconfig validity must be between {Seconds(MinKubeconfigValidity)} and {Seconds(MaxKubeconfigCeiling)} seconds.");
        if (s.KubeconfigValidity < MinKubeconfigValidity || s.KubeconfigValidity > s.KubeconfigMaxValidity)
            return Problems.Invalid("kubeconfigValiditySeconds", $"kubeconfig validity must be between {Seconds(MinKubeconfigValidity)} seconds and the maximum of {Seconds(s.KubeconfigMaxValidity)} seconds.");
        if (s.ServiceAccountInactivityTimeout < MinInactivity || s.ServiceAccountInactivityTimeout > TimeSpan.FromDays(90))
            return Problems.Invalid("serviceAccountInactivityTimeoutSeconds", $"the service-account inactivity timeout must be between {Seconds(MinInactivity)} and {Seconds(TimeSpan.FromDays(90))} seconds.");
        if (s.AuditRetention < MinRetention || s.AuditRetention > MaxRetention)
            return Problems.Invalid("auditRetentionSeconds", $"audit retention must be between {Seconds(MinRetention)} and {Seconds(MaxRetention)} seconds.");
        return null;
    }

    private static long Seconds(TimeSpan t) => (long)t.TotalSeconds;
}
