using Microsoft.Extensions.Hosting;
using Paralus.Domain.Certificates;

namespace Paralus.Infrastructure.Certificates;

/// <summary>Loads (or creates) the certificate authorities when the host starts, before it serves a request.</summary>
internal sealed class CertificateAuthoritiesLoader(CertificateAuthorities authorities) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => authorities.LoadAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
