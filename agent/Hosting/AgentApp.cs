using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Paralus.Agent.ApiServer;
using Paralus.Agent.Configuration;
using Paralus.Agent.Forwarding;
using Paralus.Agent.Forwarding.Http2;
using Paralus.Agent.Jit;
using Paralus.Agent.Registration;
using Paralus.Agent.Tunnels;

namespace Paralus.Agent.Hosting;

/// <summary>
/// Builds the agent: the tunnels to every relay, and what serves their data connections, which is no listening
/// socket at all (every connection is dialled out). HTTP/2 connections are joined frame by frame to the apiserver;
/// HTTP/1.1 ones (upgrades) go to a Kestrel server whose only transport is the tunnels.
/// </summary>
public static class AgentApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        // The HTTP server has no socket: its connections are the tunnels' HTTP/1.1 data connections.
        var tunnels = new TunnelConnectionListener();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(TunnelEndPoint.Instance, listen => listen.Protocols = Microsoft.AspNetCore.Server.Kestrel.Core.HttpProtocols.Http1);
        });
        builder.Services.AddSingleton(tunnels);
        builder.Services.AddSingleton<IConnectionListenerFactory>(tunnels);
        configure?.Invoke(builder);
        var services = builder.Services;
        services.AddOptions<AgentOptions>().Bind(builder.Configuration.GetSection(AgentOptions.SectionName))
            // With registration settings, the cluster id, the relays and the files come from registration.
            .Validate(o => o.CanRegister || !string.IsNullOrWhiteSpace(o.ClusterId), "Paralus:Agent:ClusterId is required.")
            .Validate(o => o.CanRegister || o.Relays.Count > 0, "Paralus:Agent:Relays needs at least one relay.")
            .Validate(o => o.CanRegister
                    ? o.CertificateFile.Length > 0 && o.KeyFile.Length > 0 && o.RelayCaFile.Length > 0
                    : File.Exists(o.CertificateFile) && File.Exists(o.KeyFile) && File.Exists(o.RelayCaFile),
                "Paralus:Agent:CertificateFile, KeyFile and RelayCaFile must name existing files (or, with ControlPlaneUrl and RegistrationToken, files to write).")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => ApiServerTarget.Load(sp.GetRequiredService<IOptions<AgentOptions>>().Value.Kubeconfig));
        services.AddOptions<JitOptions>().Bind(builder.Configuration.GetSection(JitOptions.SectionName))
            .Validate(o => o.TokenLifetime >= TimeSpan.FromMinutes(15), "Paralus:Agent:Jit:TokenLifetime must be at least 15 minutes.")
            .ValidateOnStart();
        services.AddSingleton<JitAccessSpecs>();
        services.AddSingleton<UserCredentials>();
        services.AddSingleton<Http2FrameForwarder>();
        services.AddSingleton<TunnelDataConnections>();
        services.AddSingleton<JitServiceAccounts>();
        services.AddHostedService<NamespaceWatch>();
        services.AddSingleton<JitSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<JitSweeper>());
        services.AddSingleton<JitAccountReconciler>();
        services.AddHostedService(sp => sp.GetRequiredService<JitAccountReconciler>());
        services.AddAgentRegistration();
        services.AddSingleton<RelayTunnels>();
        services.AddHostedService(sp => sp.GetRequiredService<RelayTunnels>());
        services.AddHttpForwarder();

        var app = builder.Build();
        app.MapApiServerForwarder();
        return app;
    }
}
