using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Paralus.Domain.Certificates;
using Paralus.Infrastructure.Messaging;
using Paralus.Infrastructure.Sessions;
using Paralus.Infrastructure.Storage;
using Paralus.Relay.Access;
using Paralus.Relay.Audit;
using Paralus.Relay.Configuration;
using Paralus.Relay.Coordination;
using Paralus.Relay.Proxy;
using Paralus.Relay.Tunnels;

namespace Paralus.Relay.Hosting;

/// <summary>Builds a relay: two HTTPS listeners (users, agents), the tunnel registry, the policy snapshot and the forwarder.</summary>
public static class RelayApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        var services = builder.Services;
        var configuration = builder.Configuration;

        services.AddOptions<RelayOptions>().Bind(configuration.GetSection(RelayOptions.SectionName))
            .Validate(o => o.UserPort is > 0 and < 65536 && o.AgentPort is > 0 and < 65536 && o.UserPort != o.AgentPort,
                "Paralus:Relay:UserPort and AgentPort must be two different ports.")
            .Validate(o => Uri.CheckHostName(o.ClusterServerNameSuffix) == UriHostNameType.Dns && o.ClusterServerNameSuffix.Contains('.'),
                "Paralus:Relay:ClusterServerNameSuffix must be a DNS name of at least two labels, like clusters.paralus.internal.")
            .ValidateOnStart();
        services.AddOptions<SessionTokenOptions>().Bind(configuration.GetSection(SessionTokenOptions.SectionName));
        services.TryAddSingleton(TimeProvider.System);
        services.AddParalusStorage(configuration);
        services.AddSingleton<SessionTokenService>();
        services.AddSingleton<RelayAuthenticator>();
        services.AddParalusMessaging(configuration);
        services.AddSingleton<OpenRequests>();
        services.AddSingleton<AuditMetrics>();
        services.AddSingleton<KubectlAuditRecorder>();
        services.AddSingleton<AuditSpool>();
        services.AddHostedService<AuditShipper>();
        services.AddSingleton<ISnapshotChangeHandler, AccessChangeEnforcer>();
        services.AddSingleton<RelayDirectory>();
        services.AddHostedService(sp => sp.GetRequiredService<RelayDirectory>());
        services.AddHostedService<AccessEventListener>();
        services.AddSingleton<TunnelRegistry>();
        services.AddHostedService<ClusterPresenceReporter>();
        services.AddSingleton<TunnelConnector>();
        services.AddSingleton<ClusterInvoker>();
        services.AddSingleton(sp => new AgentCertificateValidator(
            PrivateTrust.LoadPem(sp.GetRequiredService<IOptions<RelayOptions>>().Value.AgentCaCertificateFile), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new UserCertificateValidator(
            PrivateTrust.LoadPem(sp.GetRequiredService<IOptions<RelayOptions>>().Value.UserCaCertificateFile), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<RelayOptions>>().Value;
            return RelayServerCertificate.LoadOrCreate(options.CertificateFolder, sp.GetRequiredService<TimeProvider>(), options.ClusterServerNameSuffix);
        });
        services.AddHttpForwarder();

        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            var options = kestrel.ApplicationServices.GetRequiredService<IOptions<RelayOptions>>().Value;
            var serverCertificate = kestrel.ApplicationServices.GetRequiredService<RelayServerCertificate>().Certificate;
            var agents = kestrel.ApplicationServices.GetRequiredService<AgentCertificateValidator>();
            var address = IPAddress.Parse(options.ListenAddress);
            kestrel.Listen(address, options.UserPort, listen =>
            {
                listen.Use(next => connection => { connection.Tag(ListenerKind.User); return next(connection); });
                listen.UseHttps(https =>
                {
                    https.ServerCertificate = serverCertificate;
                    // kubeconfig client certificates are checked per request against the user CA and the directory.
                    https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
                    https.AllowAnyClientCertificate();
                });
            });
            kestrel.Listen(address, options.AgentPort, listen =>
            {
                listen.Use(next => connection => { connection.Tag(ListenerKind.Agent); return next(connection); });
                listen.UseHttps(https =>
                {
                    https.ServerCertificate = serverCertificate;
                    https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
                    https.ClientCertificateValidation = (certificate, _, _) => agents.IsValid(certificate, out _);
                });
            });
        });

        var app = builder.Build();
        app.UseWebSockets();
        app.Use((http, next) =>
        {
            // Agent endpoints exist only on the agent listener, cluster endpoints only on the user listener.
            var agentPath = http.Request.Path.StartsWithSegments("/agent");
            if (agentPath != (http.Listener() == ListenerKind.Agent) && http.Request.Path != "/healthz")
            {
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }
            return next(http);
        });
        app.MapAgentTunnel();
        app.MapClusterProxy();
        app.MapGet("/healthz", () => Results.Ok(new { status = "ok" }));
        return app;
    }
}
