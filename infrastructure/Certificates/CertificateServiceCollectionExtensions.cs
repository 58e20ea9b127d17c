using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Paralus.Domain.Certificates;

namespace Paralus.Infrastructure.Certificates;

public static class CertificateServiceCollectionExtensions
{
    /// <summary>
    /// The user and agent authorities, loaded at start: from Key Vault when <c>Paralus:Certificates:KeyVaultUri</c> is
    /// set, otherwise from the file store (register another <see cref="ICertificateAuthorityStore"/> first to replace both).
    /// </summary>
    public static IServiceCollection AddCertificateAuthorities(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CertificateAuthorityOptions>().Bind(configuration.GetSection(CertificateAuthorityOptions.SectionName))
            .Validate(o => !string.IsNullOrWhiteSpace(o.Folder), "Paralus:Certificates:Folder is required.")
            .Validate(o => string.IsNullOrWhiteSpace(o.KeyVaultUri) || KeyVaultEndpoint.TryParse(o.KeyVaultUri) is not null, KeyVaultEndpoint.Requirement)
            .ValidateOnStart();
        services.TryAddSingleton<ICertificateAuthorityStore>(sp =>
            string.IsNullOrWhiteSpace(sp.GetRequiredService<IOptions<CertificateAuthorityOptions>>().Value.KeyVaultUri)
                ? ActivatorUtilities.CreateInstance<FileCertificateAuthorityStore>(sp)
                : ActivatorUtilities.CreateInstance<KeyVaultCertificateAuthorityStore>(sp));
        services.TryAddSingleton<CertificateAuthorities>();
        services.AddHostedService<CertificateAuthoritiesLoader>();
        return services;
    }
}
