using Microsoft.Extensions.DependencyInjection.Extensions;
using Paralus.Sandbox.Api;
using Paralus.Sandbox.Auth;
using Paralus.Sandbox.Controllers;
using Paralus.Sandbox.Discovery;
using Paralus.Sandbox.OpenApi;
using Paralus.Sandbox.Rbac;
using Paralus.Sandbox.Storage;
using Paralus.Sandbox.Streams;

namespace Paralus.Sandbox.Hosting;

/// <summary>Registers the sandbox's parts; <c>TryAdd</c> lets a test swap one (e.g. the clock).</summary>
internal static class SandboxServiceCollectionExtensions
{
    public static IServiceCollection AddSandbox(this IServiceCollection services, SandboxOptions options, SandboxKeys keys)
    {
        services.TryAddSingleton(options.TimeProvider);
        services.AddSingleton(options);
        services.AddSingleton(keys);
        services.TryAddSingleton<ResourceStore>();
        services.TryAddSingleton<ServedResources>();
        services.TryAddSingleton<Admission>();
        services.TryAddSingleton<ServiceAccountTokens>();
        services.TryAddSingleton<Authenticator>();
        services.TryAddSingleton<RbacAuthorizer>();
        services.TryAddSingleton<EscalationCheck>();
        services.TryAddSingleton<TableConverter>();
        services.TryAddSingleton(_ => OpenApiDocuments.BuiltIn);
        services.TryAddSingleton<PublishedOpenApi>();
        services.TryAddSingleton<FieldTypeCheck>();
        services.TryAddSingleton<ReviewApi>();
        services.TryAddSingleton<SubresourceApi>();
        services.TryAddSingleton<EphemeralContainersApi>();
        services.TryAddSingleton<ResourceApi>();
        services.TryAddSingleton<PodLogs>();
        services.TryAddSingleton<ContainerFileSystems>();
        services.TryAddSingleton<ExecSessions>();
        services.TryAddSingleton<ContainerExits>();
        services.TryAddSingleton<SpdyExecSessions>();
        services.TryAddSingleton<PortForwardSessions>();
        services.TryAddSingleton<PortForwardChannels>();
        services.AddHostedService<DeploymentController>();
        services.AddHostedService<EventRecorder>();
        return services;
    }
}
