using System.Formats.Asn1;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Azure.Core;
using Paralus.Domain.Certificates;
using Paralus.Domain.Model;
using Paralus.Infrastructure.Certificates;
using Paralus.Infrastructure.Tests.Messaging;
using Paralus.Testing;

namespace Paralus.Infrastructure.Tests.Certificates;

/// <summary>The Key Vault store against <see cref="FakeKeyVault"/>: real HTTP, real P-256 keys held by the fake, a bearer token required.</summary>
public sealed class KeyVaultCertificateAuthorityStoreTests : IAsyncLifetime
{
    private const string UserKey = "paralus-user-ca";
    private const string UserSecret = "paralus-user-ca-certificate";

    private readonly RecordingLogger<KeyVaultCertificateAuthorityStore> _log = new();
    private readonly List<KeyVaultCertificateAuthorityStore> _stores = [];
    private FakeKeyVault _vault = null!;
    private TestTokenCredential _credential = null!;

    public async Task InitializeAsync()
    {
        _vault = await FakeKeyVault.StartAsync();
        _credential = new TestTokenCredential(_vault.AcceptedToken);
    }

    public async Task DisposeAsync()
    {
        foreach (var store in _stores) store.Dispose();
        await _vault.DisposeAsync();
    }

    [Fact]
    public async Task LoadOrCreate_CreatesTheKeyAndCertificateOnFirstUse_ThenLoadsTheSameAuthority()
    {
        var created = await Store().LoadOrCreateAsync("user", "Paralus User CA", CancellationToken.None);

        Assert.Equal("CN=Paralus User CA", created.Certificate.Subject);
        var keyVersion = Assert.Single(_vault.KeyVersions(UserKey));
        var (pem, tags) = _vault.Secret(UserSecret, Assert.Single(_vault.SecretVersions(UserSecret)));
        Assert.Equal(created.Certificate.Thumbprint, X509Certificate2.CreateFromPem(pem).Thumbprint);
        Assert.Equal(keyVersion, tags[KeyVaultCertificateAuthorityStore.KeyVersionTag]);
        using (var vaultKey = _vault.PublicKey(UserKey, keyVersion))
        {
            Assert.Equal(vaultKey.ExportSubjectPublicKeyInfo(), created.Certificate.PublicKey.ExportSubjectPublicKeyInfo());
        }

        var writes = _vault.Requests.Count;
        var reloaded = await Store().LoadOrCreateAsync("user", "Paralus User CA", CancellationToken.None);

        Assert.Equal(created.Certificate.Thumbprint, reloaded.Certificate.Thumbprint);
        Assert.All(_vault.Requests.Skip(writes), r => Assert.Equal("GET", r.Method));
        Assert.Single(_vault.KeyVersions(UserKey));
        Assert.Single(_vault.SecretVersions(UserSecret));
        Assert.All(_credential.RequestedScopes, scope => Assert.Equal("https://vault.azure.net/.default", scope));
        Assert.True(_log.Logged(6001) && _log.Logged(6002) && _log.Logged(6003));
    }

    [Fact]
    public async Task CertificateAuthorities_LoadUserAndAgentFromTheVault_EachWithItsOwnKey()
    {
        var authorities = new CertificateAuthorities(Store());
        await authorities.LoadAsync(CancellationToken.None);

        Assert.Equal("CN=Paralus User CA", authorities.User.Certificate.Subject);
        Assert.Equal("CN=Paralus Agent CA", authorities.Agent.Certificate.Subject);
        Assert.Single(_vault.KeyVersions(UserKey));
        Assert.Single(_vault.KeyVersions("paralus-agent-ca"));
        Assert.NotEqual(authorities.User.Certificate.PublicKey.ExportSubjectPublicKeyInfo(), authorities.Agent.Certificate.PublicKey.ExportSubjectPublicKeyInfo());
    }

    [Fact]
    public async Task ClientCertificate_ChainsToTheAuthority_AndItsSignatureVerifiesWithTheVaultKey()
    {
        var authority = await Store().LoadOrCreateAsync("user", "Paralus User CA", CancellationToken.None);

        var issued = authority.IssueClientCertificate("u1", "sally", "org-1", TimeSpan.FromHours(8));

        Assert.True(PrivateTrust.ChainsTo(issued.Certificate, [authority.Certificate], TestAuthorities.Now, forClientAuthentication: true));
        var check = new UserCertificateValidator(authority.Certificate, TestAuthorities.Clock()).Validate(issued.Certificate, null,
            new User("u1", "sally", "", "", UserKind.Local, Active: true, TestAuthorities.Now));
        Assert.True(check.IsValid, check.Reason);
        using var vaultKey = _vault.PublicKey(UserKey, Assert.Single(_vault.KeyVersions(UserKey)));
        Assert.True(SignatureVerifies(issued.Certificate, vaultKey));
        Assert.True(SignatureVerifies(authority.Certificate, vaultKey));
    }

    [Fact]
    public async Task AgentCsr_SignedThroughTheVault_ChainsToTheAgentAuthority()
    {
        var authority = await Store().LoadOrCreateAsync("agent", "Paralus Agent CA", CancellationToken.None);
        using var agentKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var csr = new CertificateRequest("CN=whatever-the-agent-asked", agentKey, HashAlgorithmName.SHA256).CreateSigningRequestPem();

        Assert.True(authority.TrySignRequest(csr, "cluster-1", TimeSpan.FromDays(30), out var certificate, out var error), error);

        Assert.Equal("CN=cluster-1", certificate.Subject);
        Assert.Equal(agentKey.ExportSubjectPublicKeyInfo(), certificate.PublicKey.ExportSubjectPublicKeyInfo());
        Assert.True(PrivateTrust.ChainsTo(certificate, [authority.Certificate], TestAuthorities.Now));
        using var vaultKey = _vault.PublicKey("paralus-agent-ca", Assert.Single(_vault.KeyVersions("paralus-agent-ca")));
        Assert.True(SignatureVerifies(certificate, vaultKey));
    }

    [Fact]
    public async Task PrivateKey_NeverLeavesTheVault()
    {
        var authorities = new CertificateAuthorities(Store());
        await authorities.LoadAsync(CancellationToken.None);
        authorities.User.IssueClientCertificate("u1", "sally", "org-1", TimeSpan.FromHours(1));

        // Only the five operations the fake has were asked for: no export, backup or release, which it would refuse anyway.
        Assert.All(_vault.Requests, r => Assert.Matches(
            "^(GET /keys/[a-z-]+(/[0-9a-f]{32})?|POST /keys/[a-z-]+/create|POST /keys/[a-z-]+/[0-9a-f]{32}/sign|GET /secrets/[a-z-]+|PUT /secrets/[a-z-]+)$", $"{r.Method} {r.Path}"));
        Assert.All(_vault.Requests, r => Assert.True(r.Status is 200 or 404, $"{r.Method} {r.Path}: {r.Status}"));
        var scalars = _vault.PrivateScalars();
        Assert.Equal(2, scalars.Count);
        Assert.All(_vault.Requests, r => Assert.DoesNotContain("\"d\"", r.ResponseBody));
        Assert.All(scalars, d => Assert.DoesNotContain(_vault.Requests, r => r.ResponseBody.Contains(d, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task TwoStoresStartingTogether_EndWithOneConsistentAuthority()
    {
        // Both find neither key nor certificate, so both create a key version and write a certificate version.
        _vault.RaceWidth = 2;
        var first = Store(TimeProvider.System, KeyVaultCertificateAuthorityStore.SettleTime);
        var second = Store(TimeProvider.System, KeyVaultCertificateAuthorityStore.SettleTime);

        var loaded = await Task.WhenAll(
            Task.Run(() => first.LoadOrCreateAsync("user", "Paralus User CA", CancellationToken.None)),
            Task.Run(() => second.LoadOrCreateAsync("user", "Paralus User CA", CancellationToken.None)));

        Assert.Equal(2, _vault.KeyVersions(UserKey).Count);
        Assert.Equal(2, _vault.SecretVersions(UserSecret).Count);
        Assert.Equal(loaded[0].Certificate.Thumbprint, loaded[1].Certificate.Thumbprint);
        var (pem, tags) = _vault.Secret(UserSecret, _vault.SecretVersions(UserSecret)[^1]);
        Assert.Equal(loaded[0].Certificate.Thumbprint, X509Certificate2.CreateFromPem(pem).Thumbprint);
        using (var namedKey = _vault.PublicKey(UserKey, tags[KeyVaultCertificateAuthorityStore.KeyVersionTag]))
        {
            Assert.Equal(namedKey.ExportSubjectPublicKeyInfo(), loaded[0].Certificate.PublicKey.ExportSubjectPublicKeyInfo());
        }

        // Whichever instance issues, the certificate chains to what the other (and any later start) holds.
        var later = await Store(TimeProvider.System).LoadOrCreateAsync("user", "Paralus User CA", CancellationToken.None);
        Assert.Equal(loaded[0].Certificate.Thumbprint, later.Certificate.Thumbprint);
        foreach (var authority in loaded)
        {
            var issued = authority.IssueClientCertificate("u1", "sally", "org-1", TimeSpan.FromHours(1));
            Assert.True(PrivateTrust.ChainsTo(issued.Certificate, [later.Certificate], forClientAuthentication: true));
        }
    }

    [Fact]
    public async Task VaultRefusingToSign_IsAClearError_NamingVaultKeyAndStatus()
    {
        _vault.Refuse = (_, path) => path.EndsWith("/sign", StringComparison.Ordinal) ? HttpStatusCode.Forbidden : null;

        var creating = await Assert.ThrowsAsync<KeyVaultRequestException>(() => Store().LoadOrCreateAsync("user", "Paralus User CA", CancellationToken.None));

        Assert.Equal(HttpStatusCode.Forbidden, creating.StatusCode);
        Assert.StartsWith($"Key Vault {_vault.Url} refused to sign with key '{UserKey}' (version ", creating.Message);
        Assert.Contains("403 Forbidden (Forbidden: The caller is not authorized to perform this action.)", creating.Message);

        _vault.Refuse = (_, _) => null;
        var authority = await Store().LoadOrCreateAsync("user", "Paralus User CA", CancellationToken.None);
        _vault.Refuse = (_, path) => path.EndsWith("/sign", StringComparison.Ordinal) ? HttpStatusCode.Forbidden : null;

        var issuing = Assert.Throws<KeyVaultRequestException>(() => authority.IssueClientCertificate("u1", "sally", "org-1", TimeSpan.FromHours(1)));
        Assert.Equal(HttpStatusCode.Forbidden, issuing.StatusCode);
        Assert.Contains(UserKey, issuing.Message);
        Assert.DoesNotContain(_vault.AcceptedToken, creating.ToString() + issuing);
        _log.AssertNeverMentions(_vault.AcceptedToken);
    }

    [Fact]
    public async Task VaultRefusingTheToken_OrAnother_IsAClearError_WithoutTheToken()
    {
        var wrongToken = "not-the-vault-token-" + Guid.NewGuid().ToString("N");
        var unauthorized = await Assert.ThrowsAsync<KeyVaultRequestException>(() =>
            Store(credential: new TestTokenCredential(wrongToken)).LoadOrCreateAsync("user", "Paralus User CA", CancellationToken.None));
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        Assert.StartsWith($"Key Vault {_vault.Url} refused to read secret '{UserSecret}': 401 Unauthorized", unauthorized.Message);
        Assert.DoesNotContain(wrongToken, unauthorized.ToString());

        _vault.Refuse = (method, path) => method == "PUT" ? HttpStatusCode.Forbidden : null;
        var forbidden = await Assert.ThrowsAsync<KeyVaultRequestException>(() => Store().LoadOrCreateAsync("user", "Paralus User CA", CancellationToken.None));
        Assert.StartsWith($"Key Vault {_vault.Url} refused to write secret '{UserSecret}': 403 Forbidden", forbidden.Message);
    }

    [Fact]
    public async Task Token_IsSentAsBearerOnEveryRequest_AndNeverLogged()
    {
        var authorities = new CertificateAuthorities(Store());
        await authorities.LoadAsync(CancellationToken.None);
        authorities.User.IssueClientCertificate("u1", "sally", "org-1", TimeSpan.FromHours(1));

        Assert.NotEmpty(_vault.Requests);
        Assert.All(_vault.Requests, r => Assert.Equal($"Bearer {_vault.AcceptedToken}", r.Authorization));
        Assert.All(_vault.Requests, r => Assert.Equal($"?api-version={FakeKeyVault.ApiVersion}", r.Query));
        Assert.NotEmpty(_log.Lines);
        _log.AssertNeverMentions(_vault.AcceptedToken);
    }

    [Fact]
    public async Task CertificateWhoseKeyIsGone_IsRefused_InsteadOfReplaced()
    {
        await Store().LoadOrCreateAsync("user", "Paralus User CA", CancellationToken.None);
        _vault.Refuse = (method, path) => method == "GET" && path.StartsWith($"/keys/{UserKey}", StringComparison.Ordinal) ? HttpStatusCode.NotFound : null;

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Store().LoadOrCreateAsync("user", "Paralus User CA", CancellationToken.None));

        Assert.Contains($"its key '{UserKey}'", error.Message);
        Assert.Single(_vault.SecretVersions(UserSecret));
    }

    private KeyVaultCertificateAuthorityStore Store(TimeProvider? time = null, TimeSpan settleTime = default, TokenCredential? credential = null)
    {
        var client = new KeyVaultClient(new KeyVaultEndpoint(_vault.Url, "https://vault.azure.net/.default"), credential ?? _credential);
        var store = new KeyVaultCertificateAuthorityStore(client, time ?? TestAuthorities.Clock(), _log, settleTime);
        _stores.Add(store);
        return store;
    }

    /// <summary>Checks the certificate's signature field itself: the DER that the vault's r||s was turned into.</summary>
    private static bool SignatureVerifies(X509Certificate2 certificate, ECDsa issuerKey)
    {
        var fields = new AsnReader(certificate.RawData, AsnEncodingRules.DER).ReadSequence();
        var toBeSigned = fields.ReadEncodedValue().ToArray();
        fields.ReadSequence();
        var signature = fields.ReadBitString(out _);
        return issuerKey.VerifyData(toBeSigned, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
    }
}
