using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Time.Testing;
using Paralus.Domain.Certificates;
using Paralus.Domain.Model;
using Paralus.Testing;

namespace Paralus.Domain.Tests.Certificates;

public sealed class UserCertificateValidatorTests
{
    private static readonly User Sally = new("u1", "sally@example.com", "Sally", "", UserKind.Local, Active: true, TestAuthorities.Now.AddDays(-1));

    private readonly FakeTimeProvider _clock = TestAuthorities.Clock();
    private readonly X509SignatureGenerator _signer = X509SignatureGenerator.CreateForECDsa(ECDsa.Create(ECCurve.NamedCurves.nistP256));
    private readonly CertificateAuthority _authority;
    private readonly UserCertificateValidator _validator;

    public UserCertificateValidatorTests()
    {
        _authority = new CertificateAuthority(CertificateAuthority.CreateSelfSigned("Paralus User CA", _signer, _clock.GetUtcNow()), _signer, _clock);
        _validator = new UserCertificateValidator(_authority.Certificate, _clock);
    }

    [Fact]
    public void FreshCertificate_OfAnActiveUser_IsValid()
    {
        var check = _validator.Validate(Issue(), null, Sally);
        Assert.True(check.IsValid, check.Reason);
    }

    [Fact]
    public void CertificateOfAnotherAuthority_IsRefused()
    {
        var foreign = TestAuthorities.Create(_clock).IssueClientCertificate(Sally.Id, Sally.Name, "org-1", TimeSpan.FromHours(1)).Certificate;
        Assert.Equal(UserCertificateFailure.WrongAuthority, _validator.Validate(foreign, null, Sally).Failure);
    }

    [Fact]
    public void SelfSignedLookalike_WithTheAuthoritySubject_IsRefused()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var lookalike = new CertificateRequest(_authority.Certificate.SubjectName, key, HashAlgorithmName.SHA256)
            .CreateSelfSigned(TestAuthorities.Now.AddHours(-1), TestAuthorities.Now.AddHours(1));
        Assert.Equal(UserCertificateFailure.WrongAuthority, _validator.Validate(lookalike, null, Sally).Failure);
    }

    [Fact]
    public void CertificatePastItsValidity_IsExpired_AndBeforeIt_NotYetValid()
    {
        var certificate = Issue(TimeSpan.FromHours(1));
        _clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        Assert.Equal(UserCertificateFailure.Expired, _validator.Validate(certificate, null, Sally).Failure);

        var behind = new UserCertificateValidator(_authority.Certificate, new FakeTimeProvider(TestAuthorities.Now.AddMinutes(-2)));
        Assert.Equal(UserCertificateFailure.NotYetValid, behind.Validate(certificate, null, Sally).Failure);
    }

    [Fact]
    public void CertificateIssuedBeforeRevocation_IsRevoked_OneIssuedAfter_IsValid()
    {
        var before = Issue();
        _clock.Advance(TimeSpan.FromMilliseconds(10));
        var revoked = Sally with { CredentialsRevokedBefore = _clock.GetUtcNow() };
        Assert.Equal(UserCertificateFailure.Revoked, _validator.Validate(before, null, revoked).Failure);

        _clock.Advance(TimeSpan.FromSeconds(1));
        var check = _validator.Validate(Issue(), null, revoked);
        Assert.True(check.IsValid, check.Reason);
    }

    [Fact]
    public void DeactivatedOrUnknownUser_IsRefused()
    {
        var certificate = Issue();
        Assert.Equal(UserCertificateFailure.UserDeactivated, _validator.Validate(certificate, null, Sally with { Active = false }).Failure);
        Assert.Equal(UserCertificateFailure.UnknownUser, _validator.Validate(certificate, null, null).Failure);
        Assert.Equal(UserCertificateFailure.UnknownUser, _validator.Validate(certificate, null, Sally with { Name = "someone-else" }).Failure);
        // Deleted and created again under the same name: a new id, a different user.
        Assert.Equal(UserCertificateFailure.UnknownUser, _validator.Validate(certificate, null, Sally with { Id = "u2" }).Failure);
    }

    [Fact]
    public void AgentCertificate_FromTheSameAuthority_IsNotAClientCertificateForUsers()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var csr = new CertificateRequest("CN=x", key, HashAlgorithmName.SHA256).CreateSigningRequestPem();
        Assert.True(_authority.TrySignRequest(csr, "cluster-1", TimeSpan.FromDays(1), out var agent, out _));
        // The agent certificate does carry clientAuth, but no user: it names a cluster and no organization.
        Assert.Equal(UserCertificateFailure.UnknownUser, _validator.Validate(agent, null, Sally).Failure);

        var serverOnly = ServerOnlyCertificate(key);
        Assert.Equal(UserCertificateFailure.NotClientCertificate, _validator.Validate(serverOnly, null, Sally).Failure);
    }

    private X509Certificate2 Issue(TimeSpan? validity = null) =>
        _authority.IssueClientCertificate(Sally.Id, Sally.Name, "org-1", validity ?? TimeSpan.FromHours(8)).Certificate;

    /// <summary>Signed by the right authority but for servers only, as a misissued certificate would be.</summary>
    private X509Certificate2 ServerOnlyCertificate(ECDsa key)
    {
        var request = new CertificateRequest($"O=org-1, CN={Sally.Name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        return request.Create(_authority.Certificate.SubjectName, _signer, TestAuthorities.Now.AddMinutes(-1), TestAuthorities.Now.AddHours(1), [0x42, 1]);
    }
}
