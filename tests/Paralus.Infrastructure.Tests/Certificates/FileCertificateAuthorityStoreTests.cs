using Microsoft.Extensions.Options;
using Paralus.Domain.Certificates;
using Paralus.Domain.Model;
using Paralus.Infrastructure.Certificates;
using Paralus.Testing;

namespace Paralus.Infrastructure.Tests.Certificates;

public sealed class FileCertificateAuthorityStoreTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("paralus-ca-").FullName;

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task LoadOrCreate_CreatesKeyWithMode0600_ThenReloadsTheSameAuthority()
    {
        var store = Store();
        var created = await store.LoadOrCreateAsync("user", "Paralus User CA", CancellationToken.None);

        Assert.Equal("CN=Paralus User CA", created.Certificate.Subject);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(store.KeyPath("user")));
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", await File.ReadAllTextAsync(store.KeyPath("user")));
        Assert.StartsWith("-----BEGIN CERTIFICATE-----", await File.ReadAllTextAsync(store.CertificatePath("user")));

        var reloaded = await Store().LoadOrCreateAsync("user", "Paralus User CA", CancellationToken.None);
        Assert.Equal(created.Certificate.Thumbprint, reloaded.Certificate.Thumbprint);
        // The reloaded key signs certificates that chain to the first instance's certificate.
        var issued = reloaded.IssueClientCertificate("u1", "sally", "org-1", TimeSpan.FromHours(1));
        var check = new UserCertificateValidator(created.Certificate, TestAuthorities.Clock()).Validate(issued.Certificate, null,
            new User("u1", "sally", "", "", UserKind.Local, Active: true, TestAuthorities.Now));
        Assert.True(check.IsValid, check.Reason);
    }

    [Fact]
    public async Task LoadOrCreate_KeepsAuthoritiesApart_AndRefusesACertificateWithoutItsKey()
    {
        var store = Store();
        var user = await store.LoadOrCreateAsync("user", "Paralus User CA", CancellationToken.None);
        var agent = await store.LoadOrCreateAsync("agent", "Paralus Agent CA", CancellationToken.None);
        Assert.NotEqual(user.Certificate.Thumbprint, agent.Certificate.Thumbprint);

        File.Delete(store.KeyPath("agent"));
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.LoadOrCreateAsync("agent", "Paralus Agent CA", CancellationToken.None));
        Assert.Contains("agent-ca.key", error.Message);
    }

    [Fact]
    public async Task CertificateAuthorities_LoadBothAtStart()
    {
        var authorities = new CertificateAuthorities(Store());
        Assert.Throws<InvalidOperationException>(() => authorities.User);

        await authorities.LoadAsync(CancellationToken.None);

        Assert.Equal("CN=Paralus User CA", authorities.User.Certificate.Subject);
        Assert.Equal("CN=Paralus Agent CA", authorities.Agent.Certificate.Subject);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private FileCertificateAuthorityStore Store() =>
        new(Options.Create(new CertificateAuthorityOptions { Folder = _folder }), TestAuthorities.Clock());
}
