using System.Security.Cryptography.X509Certificates;

namespace Paralus.Agent.Registration;

/// <summary>
/// The readiness hook between registration and the tunnels: tunnels wait for <see cref="WhenReadyAsync"/>, and ask
/// for <see cref="ClientCertificate"/> on every dial, so a renewed certificate is picked up without a restart.
/// </summary>
internal sealed class AgentCredentials
{
    private readonly TaskCompletionSource<AgentIdentity> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile X509Certificate2? _certificate;

    public X509Certificate2 ClientCertificate => _certificate ?? throw new InvalidOperationException("The agent has no certificate yet.");

    public Task<AgentIdentity> WhenReadyAsync(CancellationToken cancellationToken) => _ready.Task.WaitAsync(cancellationToken);

    /// <summary>Loads the certificate and key files; the first call also releases whoever waits for readiness.</summary>
    public X509Certificate2 Load(string certificateFile, string keyFile, AgentIdentity? identity = null)
    {
        using var pem = X509Certificate2.CreateFromPemFile(certificateFile, keyFile);
        // Re-imported as PKCS#12: TLS on Linux needs a key it can hand to OpenSSL, not an ephemeral one.
        _certificate = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        if (identity is not null) _ready.TrySetResult(identity);
        return _certificate;
    }
}
