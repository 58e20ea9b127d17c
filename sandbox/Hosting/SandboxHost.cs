using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Paralus.Sandbox.Api;
using Paralus.Sandbox.Auth;
using Paralus.Sandbox.Discovery;
using Paralus.Sandbox.OpenApi;
using Paralus.Sandbox.Storage;
using Paralus.Sandbox.Streams;

namespace Paralus.Sandbox.Hosting;

/// <summary>
/// A running sandbox apiserver, for the command line and for tests that host it in-process:
/// <c>await using var sandbox = await SandboxHost.StartAsync(new SandboxOptions());</c>.
/// </summary>
public sealed partial class SandboxHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly SandboxKeys _keys;
    private readonly ResourceStore _store;
    private readonly SandboxOptions _options;
    private int _stopped;

    private SandboxHost(WebApplication app, SandboxKeys keys, ResourceStore store, SandboxOptions options, Uri url)
    {
        _app = app;
        _keys = keys;
        _store = store;
        _options = options;
        Url = url;
        KubeSystemUid = Meta.Uid(store.GetRequired(ResourceCatalog.Namespaces, "", "kube-system"));
        Kubeconfig = Hosting.Kubeconfig.Render(options.Name, Server, keys.CaPem, keys.AdminToken);
    }

    /// <summary>Base address, <c>https://127.0.0.1:PORT/</c>.</summary>
    public Uri Url { get; }

    /// <summary>The server URL as a kubeconfig writes it, without a trailing slash.</summary>
    public string Server => Url.GetLeftPart(UriPartial.Authority);

    /// <summary>The CA that signed the serving certificate (public part only).</summary>
    public X509Certificate2 CaCertificate => X509CertificateLoader.LoadCertificate(_keys.CaCertificate.RawData);

    public string CaCertificatePem => _keys.CaPem;

    /// <summary>Bearer token of user <c>admin</c> in groups <c>system:masters</c> and <c>system:authenticated</c>.</summary>
    public string AdminToken => _keys.AdminToken;

    /// <summary>UID of the kube-system namespace: stable across restarts with a state file.</summary>
    public string KubeSystemUid { get; }

    /// <summary>The admin kubeconfig as YAML.</summary>
    public string Kubeconfig { get; }

    public static async Task<SandboxHost> StartAsync(SandboxOptions options, CancellationToken cancellationToken = default)
    {
        var loaded = options.StateFile is null ? null : StateFile.Load(options.StateFile, options.TimeProvider);
        var keys = loaded?.Keys ?? SandboxKeys.Create(options.Name, options.TimeProvider);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = "paralus-sandbox",
            ContentRootPath = AppContext.BaseDirectory,
        });
        // Hosted inside another app's tests, the sandbox must not pick up that app's settings or URLs.
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.SetMinimumLevel(options.MinimumLogLevel);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, options.Port, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(keys.ServerCertificate);
            });
        });
        builder.Services.AddSandbox(options, keys);
        // A failing controller is logged; the apiserver keeps serving.
        builder.Services.Configure<HostOptions>(o => o.BackgroundServiceExceptionBehavior = BackgroundServiceExceptionBehavior.Ignore);

        var app = builder.Build();
        var store = app.Services.GetRequiredService<ResourceStore>();
        if (loaded is { } state)
        {
            // CRDs first: the kinds they define must be served before their objects can be placed.
            var served = app.Services.GetRequiredService<ServedResources>();
            var definitions = state.Objects.Where(o => o.Key == ResourceCatalog.CustomResourceDefinitions.Key).Select(o => o.Object).ToList();
            served.Refresh(definitions);
            var objects = state.Objects
                .Select(o => (Type: served.FindByKey(o.Key), o.Object))
                .Where(o => o.Type is not null)
                .Select(o => (o.Type!, o.Object));
            store.Import(state.ResourceVersion, objects);
        }
        Bootstrap.Ensure(store, app.Services.GetRequiredService<Admission>());

        if (options.RequestObserver is { } observe)
        {
            app.Use((context, next) =>
            {
                observe(context.Request.Method, context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget);
                return next(context);
            });
        }
        app.UseMiddleware<RequestLog>();
        app.UseMiddleware<AuditId>();
        app.UseWebSockets();
        app.UseMiddleware<AccessControl>();
        app.MapDiscoveryApi();
        app.MapOpenApi();
        app.MapEchoUpgrade();
        ResourceApi.MapResourceApi(app);
        app.MapFallback(context => JsonResponses.WriteAsync(context, 404, StatusException.NoSuchResource().ToStatus()));

        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)).Port;
        var host = new SandboxHost(app, keys, store, options, new Uri($"https://127.0.0.1:{port}/"));
        if (options.KubeconfigPath is not null) await host.WriteKubeconfigAsync(options.KubeconfigPath, cancellationToken);
        LogReady(app.Logger, host.Server);
        return host;
    }

    public async Task WriteKubeconfigAsync(string path, CancellationToken cancellationToken = default)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        await PrivateFile.WriteAllTextAsync(path, Kubeconfig, cancellationToken);
    }

    /// <summary>An HttpClient that trusts the sandbox CA and, unless told otherwise, sends the admin token.</summary>
    public HttpClient CreateHttpClient(string? bearerToken = null)
    {
        var ca = CaCertificate;
        var handler = new SocketsHttpHandler
        {
            SslOptions =
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                {
                    if (certificate is null) return false;
                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.CustomTrustStore.Add(ca);
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    return chain.Build(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
                },
            },
        };
        var client = new HttpClient(handler) { BaseAddress = Url };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearerToken ?? AdminToken);
        return client;
    }

    /// <summary>Completes when the process is asked to stop (Ctrl-C, SIGTERM).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    /// <summary>Stops listening and writes the state file when one is configured.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1) return;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token);
        if (_options.StateFile is not null) await StateFile.SaveAsync(_options.StateFile, _keys, _store);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _app.DisposeAsync();
        _keys.Dispose();
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "sandbox listening on {Server}")]
    private static partial void LogReady(ILogger logger, string server);
}
