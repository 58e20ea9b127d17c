using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using Paralus.Domain.Security;
using Paralus.Functions.Access;
using Paralus.Functions.Apis;
using Paralus.Functions.Audit;
using Paralus.Functions.Auth;
using Paralus.Functions.Bootstrap;
using Paralus.Functions.Configuration;
using Paralus.Functions.Coordination;
using Paralus.Functions.OpenApi;
using Paralus.Functions.Pipeline;
using Paralus.Functions.SignIn;
using Paralus.Functions.Triggers;
using Paralus.Infrastructure.Audit;
using Paralus.Infrastructure.Coordination;
using Paralus.Infrastructure.Identity;
using Paralus.Infrastructure.Messaging;
using Paralus.Infrastructure.Sessions;
using Paralus.Infrastructure.Storage;

namespace Paralus.Functions.Hosting;

/// <summary>Service wiring and the request pipeline of the control plane, in one place.</summary>
public static class ControlPlaneExtensions
{
    /// <summary>Set by the Functions host when it starts the app as a custom handler.</summary>
    public const string CustomHandlerPortVariable = "FUNCTIONS_CUSTOMHANDLER_PORT";

    /// <summary>The Functions host starts the app with the port it forwards to; locally and in tests nobody does.</summary>
    private static bool RunsInFunctionsHost => Environment.GetEnvironmentVariable(CustomHandlerPortVariable) is { Length: > 0 };

    public static WebApplicationBuilder AddControlPlane(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var services = builder.Services;

        if (Environment.GetEnvironmentVariable(CustomHandlerPortVariable) is { Length: > 0 } port)
        {
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        }
        else
        {
            services.AddHostedService<LocalTriggerHost>();
        }

        services.AddOptions<ControlPlaneOptions>().Bind(configuration.GetSection(ControlPlaneOptions.SectionName))
            .Validate(o => o.MaxRequestBodyBytes is >= 1024 and <= 16 * 1024 * 1024, "Paralus:ControlPlane:MaxRequestBodyBytes must be between 1 KiB and 16 MiB.")
            .ValidateOnStart();
        services.AddOptions<SessionTokenOptions>().Bind(configuration.GetSection(SessionTokenOptions.SectionName))
            .Validate(o => o.SessionLifetime > TimeSpan.Zero && o.SessionLifetime <= TimeSpan.FromHours(24), "Paralus:Auth:SessionLifetime must be between 0 and 24 hours.")
            .Validate(o => o.RestrictedSessionLifetime >= TimeSpan.FromMinutes(1) && o.RestrictedSessionLifetime <= TimeSpan.FromHours(1),
                "Paralus:Auth:RestrictedSessionLifetime must be between 1 minute and 1 hour.")
            .ValidateOnStart();
        services.AddOptions<LoginThrottleOptions>().Bind(configuration.GetSection(LoginThrottleOptions.SectionName))
            .Validate(o => o.AccountFailureLimit >= 1 && o.AddressFailureLimit >= 1 && o.FirstLockout > TimeSpan.Zero && o.FirstLockout <= o.MaxLockout
                    && o.MaxLockout <= TimeSpan.FromDays(1) && o.ForgetFailuresAfter >= o.MaxLockout && o.TrustAddressFor >= TimeSpan.Zero,
                "Paralus:Auth:LoginThrottle needs failure limits of at least 1, 0 < FirstLockout <= MaxLockout <= 1 day, ForgetFailuresAfter >= MaxLockout and TrustAddressFor >= 0.")
            .ValidateOnStart();
        var maxBody = configuration.GetSection(ControlPlaneOptions.SectionName).Get<ControlPlaneOptions>()?.MaxRequestBodyBytes ?? new ControlPlaneOptions().MaxRequestBodyBytes;
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = maxBody);

        services.AddSingleton(TimeProvider.System);
        services.AddParalusStorage(configuration);
        services.AddSingleton<SystemAuditLog>();
        services.AddSingleton<KubectlAuditLog>();
        services.AddSingleton<KubectlAuditIngestion>();
        // In Azure the Service Bus trigger (audit-ingest) feeds ingestion; elsewhere this listener does, from the local broker.
        if (!RunsInFunctionsHost) services.AddHostedService<AuditQueueListener>();
        services.AddSingleton<ServedOrganization>();
        services.AddSingleton<SessionTokenService>();
        services.AddSingleton<IPasswordVerifier, PasswordVerifier>();
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<TotpEnrollments>();
        services.AddSingleton<SecondFactor>();
        services.AddSingleton<PolicySnapshotCache>();
        services.AddSingleton<AuditTrail>();
        services.AddSingleton<ControlPlane>();
        services.AddSingleton<ITimerFunction, AuditRetentionTrigger>();
        services.AddSingleton<ITimerFunction, SignInCleanupTrigger>();
        services.AddSingleton<ITimerFunction, OutboxDispatchTrigger>();
        services.AddParalusMessaging(configuration);
        services.AddSingleton<AccessEventOutbox>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddSingleton<IOutboxObserver>(sp => sp.GetRequiredService<OutboxDispatcher>());
        services.AddHostedService(sp => sp.GetRequiredService<OutboxDispatcher>());
        services.AddHostedService<FirstStartBootstrapper>();
        services.AddKubeconfigApi(configuration);
        services.AddClusterRegistrationApi(configuration);
        services.AddCompanySignIn(configuration);

        services.ConfigureHttpJsonOptions(o => ConfigureJson(o.SerializerOptions));
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddProblemDetails(o => o.CustomizeProblemDetails = context => context.ProblemDetails.Detail ??= context.ProblemDetails.Status switch
        {
            StatusCodes.Status404NotFound => $"there is no API at {context.HttpContext.Request.Path}; the API lives under /api/v1.",
            StatusCodes.Status405MethodNotAllowed => $"{context.HttpContext.Request.Method} is not supported on {context.HttpContext.Request.Path}.",
            StatusCodes.Status413PayloadTooLarge => $"the request body is larger than the {maxBody} bytes the server accepts.",
            StatusCodes.Status415UnsupportedMediaType => "send the request body as application/json.",
            _ => null,
        });
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.AddApiDocument();

        services.AddAuthentication(ParalusAuthenticationHandler.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ParalusAuthenticationHandler>(ParalusAuthenticationHandler.SchemeName, null);
        // Deny by default: every endpoint needs an authenticated caller unless it says otherwise.
        services.AddAuthorization(o => o.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser()
            .RequireAssertion(ApiKeyScopeRule.Allows).RequireAssertion(RestrictedSessionRule.Allows).Build());
        return builder;
    }

    public static WebApplication UseControlPlane(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<ControlPlaneOptions>>().Value.ClientAddressFromForwardedFor ?? RunsInFunctionsHost)
        {
            // The defaults trust the header only from loopback peers, and take one hop: what the host saw.
            app.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor });
        }

        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapHealthApi();
        app.MapAuthApi();
        app.MapSsoApi();
        app.MapIdentityProvidersApi();
        app.MapProjectsApi();
        app.MapUsersApi();
        app.MapGroupsApi();
        app.MapRolesApi();
        app.MapRoleBindingsApi();
        app.MapClustersApi();
        app.MapSettingsApi();
        app.MapApiKeysApi();
        app.MapAuditApi();
        app.MapAuthzApi();
        app.MapKubeconfigApi();
        app.MapClusterRegistrationApi();
        app.MapTriggers();
        app.MapAuditIngestTrigger();
        app.MapApiDocument();
        return app;
    }

    /// <summary>
    /// Strict JSON: unknown fields, missing required fields, fields given twice and nulls where none are allowed
    /// (in fields, collection elements and dictionary values) are all refused.
    /// </summary>
    public static void ConfigureJson(JsonSerializerOptions options)
    {
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.RespectNullableAnnotations = true;
        options.RespectRequiredConstructorParameters = true;
        options.AllowDuplicateProperties = false;
        options.TypeInfoResolver = (options.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(JsonRefusals.RefuseNullElements);
        options.Converters.Add(new JsonStringEnumConverter());
    }
}
