using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Paralus.Domain.Certificates;
using Paralus.Infrastructure.Certificates;

namespace Paralus.Infrastructure.Tests.Certificates;

public sealed class KeyVaultEndpointTests
{
    [Theory]
    [InlineData("https://paralus-ca.vault.azure.net/", "https://paralus-ca.vault.azure.net/", "https://vault.azure.net/.default")]
    [InlineData("https://Paralus-CA.vault.azure.net", "https://paralus-ca.vault.azure.net/", "https://vault.azure.net/.default")]
    [InlineData("https://paralus-ca.vault.azure.cn/", "https://paralus-ca.vault.azure.cn/", "https://vault.azure.cn/.default")]
    [InlineData("https://paralus-ca.vault.usgovcloudapi.net/", "https://paralus-ca.vault.usgovcloudapi.net/", "https://vault.usgovcloudapi.net/.default")]
    public void TryParse_AcceptsAVaultOverHttps_WithItsCloudsScope(string text, string uri, string scope)
    {
        var endpoint = KeyVaultEndpoint.TryParse(text);
        Assert.NotNull(endpoint);
        Assert.Equal(uri, endpoint.Uri.ToString());
        Assert.Equal(scope, endpoint.Scope);
    }

    [Theory]
    [InlineData("")]
    [InlineData("paralus-ca.vault.azure.net")]
    [InlineData("http://paralus-ca.vault.azure.net/")]
    [InlineData("http://127.0.0.1:8200/")]
    [InlineData("https://paralus-ca.vault.azure.net:8443/")]
    [InlineData("https://paralus-ca.vault.azure.net/secrets/")]
    [InlineData("https://paralus-ca.vault.azure.net/?x=1")]
    [InlineData("https://user@paralus-ca.vault.azure.net/")]
    [InlineData("https://vault.azure.net/")]
    [InlineData("https://a.b.vault.azure.net/")]
    [InlineData("https://paralus-ca.vault.azure.net.example.com/")]
    [InlineData("https://example.com/")]
    [InlineData("https://paralus.managedhsm.azure.net/")]
    public void TryParse_RefusesAnythingElse_SoATokenNeverGoesThere(string text) => Assert.Null(KeyVaultEndpoint.TryParse(text));

    [Fact]
    public void AddCertificateAuthorities_UsesTheFileStore_UnlessKeyVaultUriIsSet()
    {
        using (var files = Services(keyVaultUri: null))
        {
            Assert.IsType<FileCertificateAuthorityStore>(files.GetRequiredService<ICertificateAuthorityStore>());
        }

        using var vault = Services("https://paralus-ca.vault.azure.net/", managedIdentityClientId: "00000000-0000-0000-0000-000000000001");
        Assert.IsType<KeyVaultCertificateAuthorityStore>(vault.GetRequiredService<ICertificateAuthorityStore>());
    }

    [Fact]
    public void AddCertificateAuthorities_RefusesAKeyVaultUriThatIsNotAVault_WithAClearMessage()
    {
        using var services = Services("http://paralus-ca.vault.azure.net/");
        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<CertificateAuthorityOptions>>().Value);
        Assert.Contains("Paralus:Certificates:KeyVaultUri must be a Key Vault's URI, https://NAME.vault.azure.net/", error.Message);
    }

    private static ServiceProvider Services(string? keyVaultUri, string? managedIdentityClientId = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Paralus:Certificates:KeyVaultUri"] = keyVaultUri,
            ["Paralus:Certificates:ManagedIdentityClientId"] = managedIdentityClientId,
        }).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton(TimeProvider.System);
        services.AddCertificateAuthorities(configuration);
        return services.BuildServiceProvider();
    }
}
