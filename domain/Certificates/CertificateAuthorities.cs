using Microsoft.Extensions.Hosting;

namespace Paralus.Domain.Certificates;

/// <summary>
/// The two authorities of a deployment: one for users' kubectl certificates, one for agents' tunnel certificates.
/// Separate so that a user certificate can never pass as an agent's, or the other way round. Loaded (or created)
/// when the host starts, before any request is served, so a broken key file stops the start instead of a request.
/// </summary>
public sealed class CertificateAuthorities(ICertificateAuthorityStore store) : IHostedService
{
    public const string UserAuthorityName = "user";
    public const string AgentAuthorityName = "agent";
    public const string UserAuthorityCommonName = "Paralus User CA";
    public const string AgentAuthorityCommonName = "Paralus Agent CA";

    private CertificateAuthority? _user;
    private CertificateAuthority? _agent;

    public CertificateAuthority User => _user ?? throw NotLoaded();

    public CertificateAuthority Agent => _agent ?? throw NotLoaded();

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _user = await store.LoadOrCreateAsync(UserAuthorityName, UserAuthorityCommonName, cancellationToken);
        _agent = await store.LoadOrCreateAsync(AgentAuthorityName, AgentAuthorityCommonName, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static InvalidOperationException NotLoaded() => new("The certificate authorities are loaded when the host starts; it has not started yet.");
}
