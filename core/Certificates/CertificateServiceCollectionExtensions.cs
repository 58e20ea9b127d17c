using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Paralus.Core.Certificates;

public static class CertificateServiceCollectionExtensions
{
    /// <summary>The user and agent authorities from the file store (replace <see cref="ICertificateAuthorityStore"/> for another), loaded at start.</summary>
    public static IServiceCollection AddCertificateAuthorities(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CertificateAuthorityOptions>().Bind(configuration.GetSection(CertificateAuthorityOptions.SectionName))
            .Validate(o => !string.IsNullOrWhiteSpace(o.Folder), "Paralus:Certificates:Folder is required.")
            .ValidateOnStart();
        services.TryAddSingleton<ICertificateAuthorityStore, FileCertificateAuthorityStore>();
        services.TryAddSingleton<CertificateAuthorities>();
        services.AddHostedService(sp => sp.GetRequiredService<CertificateAuthorities>());
        return services;
    }
}
