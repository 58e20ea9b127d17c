using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using Paralus.Agent.ApiServer;
using Paralus.Agent.Configuration;
using Paralus.Domain.Contracts;
using k8s;
using k8s.Autorest;

namespace Paralus.Agent.Registration;

/// <summary>
/// Makes sure the agent has a certificate before the tunnels start: from its files, from its secret in the cluster,
/// or by registering with the single-use token (CSR with a new P-256 key, fingerprint = kube-system UID). Then renews
/// it, keeping the key, whenever less than a third of its validity is left.
/// </summary>
internal sealed partial class AgentRegistration(
    AgentCredentials credentials,
    IOptions<AgentOptions> options,
    ApiServerTarget apiServer,
    TimeProvider time,
    ILogger<AgentRegistration> logger) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan RenewalRetryDelay = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan MaxWait = TimeSpan.FromDays(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        using var http = string.IsNullOrWhiteSpace(settings.ControlPlaneUrl) ? null : new HttpClient { BaseAddress = new Uri(settings.ControlPlaneUrl.TrimEnd('/') + "/") };
        var controlPlane = http is null ? null : new ControlPlaneClient(http);
        var secret = string.IsNullOrWhiteSpace(settings.CertificateSecret) ? null : new CertificateSecretStore(apiServer.Client, settings.CertificateSecret);

        while (true)
        {
            try
            {
                await EnsureCertificateAsync(settings, controlPlane, secret, stoppingToken);
                break;
            }
            catch (Exception e) when (IsRetryable(e))
            {
                // A refused token stays refused until the manifest is applied again (the token file is re-read).
                LogRegistrationFailed(logger, e.Message);
                await Task.Delay(RetryDelay, time, stoppingToken);
            }
        }

        if (controlPlane is null) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            var certificate = credentials.ClientCertificate;
            var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime());
            var due = notAfter - (notAfter - new DateTimeOffset(certificate.NotBefore.ToUniversalTime())) / 3;
            var wait = due - time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait < MaxWait ? wait : MaxWait, time, stoppingToken);
                continue;
            }

            try
            {
                var renewed = await RenewAsync(settings, controlPlane, secret, stoppingToken);
                // Still due right after renewing means the clocks disagree by more than a third of the validity: do not spin.
                if (new DateTimeOffset(renewed.NotAfter.ToUniversalTime()) - time.GetUtcNow() < (notAfter - new DateTimeOffset(certificate.NotBefore.ToUniversalTime())) / 3)
                {
                    LogClockSkew(logger);
                    await Task.Delay(RenewalRetryDelay, time, stoppingToken);
                }
            }
            catch (Exception e) when (IsRetryable(e))
            {
                LogRenewalFailed(logger, e.Message);
                await Task.Delay(RenewalRetryDelay, time, stoppingToken);
            }
        }
    }

    private async Task EnsureCertificateAsync(AgentOptions settings, ControlPlaneClient? controlPlane, CertificateSecretStore? secret, CancellationToken cancellationToken)
    {
        if (!File.Exists(settings.CertificateFile) && secret is not null && await secret.LoadAsync(cancellationToken) is { } saved)
        {
            WriteFiles(settings, saved.Certificate, saved.Key, saved.RelayCa);
            LogRestoredFromSecret(logger, settings.CertificateSecret!);
        }

        if (!File.Exists(settings.CertificateFile))
        {
            if (controlPlane is null) throw new InvalidOperationException("the agent has no certificate and no Paralus:Agent:ControlPlaneUrl to register with.");
            await RegisterAsync(settings, controlPlane, secret, cancellationToken);
        }

        using var certificate = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(settings.CertificateFile, cancellationToken));
        var clusterId = string.IsNullOrWhiteSpace(settings.ClusterId) ? certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false) : settings.ClusterId;
        var relays = settings.Relays.Count > 0 ? settings.Relays : await ReadRelaysAsync(settings, cancellationToken);
        credentials.Load(settings.CertificateFile, settings.KeyFile, new AgentIdentity(clusterId, relays, settings.RelayCaFile));
    }

    private async Task RegisterAsync(AgentOptions settings, ControlPlaneClient controlPlane, CertificateSecretStore? secret, CancellationToken cancellationToken)
    {
        var token = !string.IsNullOrWhiteSpace(settings.RegistrationToken)
            ? settings.RegistrationToken
            : !string.IsNullOrWhiteSpace(settings.RegistrationTokenFile) && File.Exists(settings.RegistrationTokenFile)
                ? (await File.ReadAllTextAsync(settings.RegistrationTokenFile, cancellationToken)).Trim()
                : throw new InvalidOperationException("the agent has no certificate and no registration token (Paralus:Agent:RegistrationToken or RegistrationTokenFile).");
        var kubeSystem = await apiServer.Client.CoreV1.ReadNamespaceAsync("kube-system", cancellationToken: cancellationToken);
        var version = await apiServer.Client.Version.GetCodeAsync(cancellationToken);

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var registered = await controlPlane.RegisterAsync(
            new RegisterClusterRequest(token, Csr(key), kubeSystem.Metadata.Uid, AgentVersionInfo.Version, version.GitVersion), cancellationToken);
        var keyPem = key.ExportPkcs8PrivateKeyPem();
        // The secret first: the token is single-use, so a pod that stops between the two must leave the certificate
        // where its successor (which has no files) finds it.
        if (secret is not null) await secret.SaveAsync(registered.CertificatePem, keyPem, registered.RelayCaPem, cancellationToken);
        WriteFiles(settings, registered.CertificatePem, keyPem, registered.RelayCaPem);
        await File.WriteAllLinesAsync(RelaysFile(settings), registered.Relays, cancellationToken);
        LogRegistered(logger, registered.ClusterId, registered.Relays.Count);
    }

    private async Task<X509Certificate2> RenewAsync(AgentOptions settings, ControlPlaneClient controlPlane, CertificateSecretStore? secret, CancellationToken cancellationToken)
    {
        var keyPem = await File.ReadAllTextAsync(settings.KeyFile, cancellationToken);
        using var key = ECDsa.Create();
        key.ImportFromPem(keyPem);
        var renewed = await controlPlane.RenewAsync(
            new RenewAgentCertificateRequest(await File.ReadAllTextAsync(settings.CertificateFile, cancellationToken), Csr(key)), cancellationToken);
        await File.WriteAllTextAsync(settings.CertificateFile, renewed.CertificatePem, cancellationToken);
        var certificate = credentials.Load(settings.CertificateFile, settings.KeyFile);
        if (secret is not null) await secret.SaveAsync(renewed.CertificatePem, keyPem, await File.ReadAllTextAsync(settings.RelayCaFile, cancellationToken), cancellationToken);
        LogRenewed(logger, renewed.ClusterId, certificate.NotAfter);
        return certificate;
    }

    /// <summary>The key is readable by the agent's user only; an empty relay CA leaves a configured one in place.</summary>
    private static void WriteFiles(AgentOptions settings, string certificatePem, string keyPem, string relayCaPem)
    {
        foreach (var file in new[] { settings.KeyFile, settings.CertificateFile, settings.RelayCaFile })
        {
            if (Path.GetDirectoryName(Path.GetFullPath(file)) is { } folder) Directory.CreateDirectory(folder);
        }
        if (OperatingSystem.IsWindows())
        {
            File.WriteAllText(settings.KeyFile, keyPem);
        }
        else
        {
            // Created 0600, and narrowed to 0600 if it already existed.
            var owner = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using (var writer = new StreamWriter(new FileStream(settings.KeyFile, new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = owner })))
            {
                writer.Write(keyPem);
            }
            File.SetUnixFileMode(settings.KeyFile, owner);
        }
        File.WriteAllText(settings.CertificateFile, certificatePem);
        if (relayCaPem.Length > 0) File.WriteAllText(settings.RelayCaFile, relayCaPem);
    }

    /// <summary>Relays learned at registration, kept beside the certificate for restarts without configured relays.</summary>
    private static async Task<IReadOnlyList<string>> ReadRelaysAsync(AgentOptions settings, CancellationToken cancellationToken) =>
        File.Exists(RelaysFile(settings))
            ? (await File.ReadAllLinesAsync(RelaysFile(settings), cancellationToken)).Where(l => l.Length > 0).ToArray()
            : throw new InvalidOperationException("no relays: set Paralus:Agent:Relays, or register so the control plane names them.");

    private static string RelaysFile(AgentOptions settings) => settings.CertificateFile + ".relays";

    /// <summary>The subject is only a hint: the control plane always signs as CN = cluster id.</summary>
    private static string Csr(ECDsa key) => new CertificateRequest("CN=paralus-agent", key, HashAlgorithmName.SHA256).CreateSigningRequestPem();

    private static bool IsRetryable(Exception e) =>
        e is RegistrationRefusedException or HttpRequestException or HttpOperationException or IOException or InvalidOperationException or CryptographicException
        || (e is TaskCanceledException && e.InnerException is TimeoutException);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Registered as cluster {ClusterId} with {RelayCount} relays")]
    private static partial void LogRegistered(ILogger logger, string clusterId, int relayCount);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Error, Message = "Registration failed, retrying: {Reason}")]
    private static partial void LogRegistrationFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Information, Message = "Renewed the certificate of cluster {ClusterId}; valid until {NotAfter:O}")]
    private static partial void LogRenewed(ILogger logger, string clusterId, DateTime notAfter);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Warning, Message = "Certificate renewal failed, retrying: {Reason}")]
    private static partial void LogRenewalFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 3106, Level = LogLevel.Warning, Message = "The renewed certificate is already due for renewal: this machine's clock disagrees with the control plane's")]
    private static partial void LogClockSkew(ILogger logger);

    [LoggerMessage(EventId = 3105, Level = LogLevel.Information, Message = "Restored the agent certificate from secret {Secret}")]
    private static partial void LogRestoredFromSecret(ILogger logger, string secret);
}
