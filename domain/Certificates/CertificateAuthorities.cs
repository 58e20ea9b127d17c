namespace Paralus.Domain.Certificates;

/// <summary>
/// The two authorities of a deployment: one for users' kubectl certificates, one for agents' tunnel certificates.
/// Separate so that a user certificate can never pass as an agent's, or the other way round. Loaded (or created)
/// once, when the host starts and before any request is served, so a broken key stops the start instead of a request.
/// </summary>
public sealed class CertificateAuthorities(ICertificateAuthorityStore store)
{
    public const string UserAuthorityName = "user";
    public const string AgentAuthorityName = "agent";
    public const string UserAuthorityCommonName = "Paralus User CA";
    public const string AgentAuthorityCommonName = "Paralus Agent CA";

    private CertificateAuthority? _user;
    private CertificateAuthority? _agent;

    public CertificateAuthority User => _user ?? throw NotLoaded();

    public CertificateAuthority Agent => _agent ?? throw NotLoaded();

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        _user = await store.LoadOrCreateAsync(UserAuthorityName, UserAuthorityCommonName, cancellationToken);
        _agent = await store.LoadOrCreateAsync(AgentAuthorityName, AgentAuthorityCommonName, cancellationToken);
    }

    private static InvalidOperationException NotLoaded() => new("The certificate authorities are loaded when the host starts; it has not started yet.");
}
