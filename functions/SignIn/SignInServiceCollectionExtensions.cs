using Paralus.Infrastructure.Identity;

namespace Paralus.Functions.SignIn;

internal static class SignInServiceCollectionExtensions
{
    /// <summary>Company sign-in: the providers' metadata and tokens, the encrypted secrets, the sign-in state.</summary>
    public static IServiceCollection AddCompanySignIn(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SignInOptions>().Bind(configuration.GetSection(SignInOptions.SectionName))
            .Validate(o => o.AuthorizationTimeout >= TimeSpan.FromMinutes(1) && o.AuthorizationTimeout <= TimeSpan.FromHours(1),
                "Paralus:SignIn:AuthorizationTimeout must be between 1 minute and 1 hour.")
            .Validate(o => o.CodeLifetime >= TimeSpan.FromSeconds(10) && o.CodeLifetime <= TimeSpan.FromMinutes(10), "Paralus:SignIn:CodeLifetime must be between 10 s and 10 min.")
            .Validate(o => o.RefreshSessionLifetime >= TimeSpan.FromMinutes(5) && o.RefreshSessionLifetime <= TimeSpan.FromDays(30),
                "Paralus:SignIn:RefreshSessionLifetime must be between 5 minutes and 30 days.")
            .Validate(o => Paralus.Domain.Model.IdentityProviderSettings.Issuer(o.GraphBaseUrl) is null, "Paralus:SignIn:GraphBaseUrl must be an https URL (http only to a loopback address).")
            .Validate(o => o.ClockSkew >= TimeSpan.Zero && o.ClockSkew <= TimeSpan.FromMinutes(5), "Paralus:SignIn:ClockSkew must be between 0 and 5 minutes.")
            .ValidateOnStart();
        services.AddOptions<SecretProtectionOptions>().Bind(configuration.GetSection(SecretProtectionOptions.SectionName))
            .Validate(o => string.IsNullOrWhiteSpace(o.Key) || (Convert.TryFromBase64String(o.Key, new byte[64], out var length) && length == 32),
                "Paralus:Secrets:Key must be 32 bytes, base64.")
            .ValidateOnStart();
        // A provider that does not answer must not hold a sign-in (or a request thread) for long.
        services.AddHttpClient(OidcMetadata.HttpClientName, http => http.Timeout = TimeSpan.FromSeconds(15));
        services.AddSingleton<SecretProtector>();
        services.AddSingleton<IdentityProviderSecrets>();
        services.AddSingleton<SignInStore>();
        services.AddSingleton<OidcMetadata>();
        services.AddSingleton<IdTokenValidator>();
        services.AddSingleton<ProviderTokenClient>();
        services.AddSingleton<EntraGroupReader>();
        services.AddSingleton<CompanySignIn>();
        return services;
    }
}
