using System.Diagnostics.CodeAnalysis;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Paralus.Domain.Security;

namespace Paralus.Domain.Certificates;

/// <summary>
/// An ECDSA P-256 certificate authority: issues user client certificates and signs agents' CSRs.
/// It signs through an <see cref="X509SignatureGenerator"/>, never a key object, so the key can live in a file
/// (<c>FileCertificateAuthorityStore</c>) or behind a remote signing API such as Key Vault's.
/// </summary>
public sealed class CertificateAuthority
{
    private static readonly TimeSpan AuthorityValidity = TimeSpan.FromDays(3653);
    private const int MinimumRsaKeySize = 2048;

    private readonly X509SignatureGenerator _signer;
    private readonly TimeProvider _time;

    /// <param name="certificate">The authority's certificate, without its private key.</param>
    /// <param name="signer">Signs with the private key that belongs to <paramref name="certificate"/>.</param>
    public CertificateAuthority(X509Certificate2 certificate, X509SignatureGenerator signer, TimeProvider time)
    {
        if (!certificate.PublicKey.EncodedKeyValue.RawData.AsSpan().SequenceEqual(signer.PublicKey.EncodedKeyValue.RawData))
        {
            throw new ArgumentException($"the signing key does not belong to the certificate '{certificate.Subject}'.", nameof(signer));
        }

        Certificate = certificate;
        _signer = signer;
        _time = time;
    }

    public X509Certificate2 Certificate { get; }

    /// <summary>A self-signed authority certificate: ten years, CA without sub-CAs, may sign certificates and CRLs.</summary>
    public static X509Certificate2 CreateSelfSigned(string commonName, X509SignatureGenerator signer, DateTimeOffset now)
    {
        var subject = Name(commonName, organizationId: null);
        var request = new CertificateRequest(subject, signer.PublicKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        var issuedAt = TokenLifetime.WholeSecond(now);
        return request.Create(subject, signer, issuedAt - CertificateIssueTime.ClockSkewAllowance, issuedAt + AuthorityValidity, RandomSerialNumber());
    }

    /// <summary>
    /// A client certificate for kubectl: CN = user name, O = organization id, UID = the user's immutable id (so a
    /// later user of the same name is someone else), clientAuth only, with a new P-256 key generated here. The key is
    /// returned once and not kept.
    /// </summary>
    public IssuedClientCertificate IssueClientCertificate(string userId, string userName, string organizationId, TimeSpan validity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(validity, TimeSpan.Zero);
        ArgumentException.ThrowIfNullOrEmpty(userId);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(Name(userName, organizationId, userId), key, HashAlgorithmName.SHA256);
        AddLeafExtensions(request, X509KeyUsageFlags.DigitalSignature, CertificateOids.ClientAuth);
        var certificate = Sign(request, validity);
        return new IssuedClientCertificate(certificate, certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>
    /// Signs an agent's PEM CSR as CN = <paramref name="clusterId"/> (whatever subject the CSR asked for) with
    /// serverAuth and clientAuth. Refuses CSRs that do not parse, whose signature does not verify, or whose key is
    /// neither EC P-256 nor RSA of at least 2048 bits; <paramref name="error"/> then says which.
    /// </summary>
    public bool TrySignRequest(string csrPem, string clusterId, TimeSpan validity,
        [NotNullWhen(true)] out X509Certificate2? certificate, [NotNullWhen(false)] out string? error)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(validity, TimeSpan.Zero);
        certificate = null;
        CertificateRequest submitted;
        try
        {
            submitted = CertificateRequest.LoadSigningRequestPem(csrPem, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.SkipSignatureValidation);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            error = $"the CSR is not a PEM-encoded PKCS#10 certificate request: {e.Message}";
            return false;
        }

        try
        {
            CertificateRequest.LoadSigningRequestPem(csrPem, HashAlgorithmName.SHA256);
        }
        catch (CryptographicException)
        {
            error = "the CSR's signature does not verify: it was altered, or not signed with the key it carries.";
            return false;
        }

        if (CheckAgentKey(submitted.PublicKey) is { } keyError)
        {
            error = keyError;
            return false;
        }

        var request = new CertificateRequest(Name(clusterId, organizationId: null), submitted.PublicKey, HashAlgorithmName.SHA256);
        var usage = submitted.PublicKey.Oid.Value == CertificateOids.RsaPublicKey
            ? X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment
            : X509KeyUsageFlags.DigitalSignature;
        AddLeafExtensions(request, usage, CertificateOids.ServerAuth, CertificateOids.ClientAuth);
        certificate = Sign(request, validity);
        error = null;
        return true;
    }

    private static string? CheckAgentKey(PublicKey key)
    {
        switch (key.Oid.Value)
        {
            case CertificateOids.EcPublicKey:
                using (var ec = key.GetECDsaPublicKey())
                {
                    var curve = ec?.ExportParameters(includePrivateParameters: false).Curve;
                    var isP256 = curve is { IsNamed: true } named
                        && (named.Oid.Value == CertificateOids.NistP256 || named.Oid.FriendlyName is "nistP256" or "ECDSA_P256" or "prime256v1");
                    return isP256 ? null : $"the CSR's EC key is on curve '{curve?.Oid.FriendlyName ?? curve?.Oid.Value ?? "?"}'; only P-256 is accepted.";
                }
            case CertificateOids.RsaPublicKey:
                using (var rsa = key.GetRSAPublicKey())
                {
                    var size = rsa?.KeySize ?? 0;
                    return size >= MinimumRsaKeySize ? null : $"the CSR's RSA key has {size} bits; at least {MinimumRsaKeySize} are required.";
                }
            default:
                return $"the CSR's key type '{key.Oid.FriendlyName ?? key.Oid.Value}' is not accepted: use EC P-256 or RSA of at least {MinimumRsaKeySize} bits.";
        }
    }

    private void AddLeafExtensions(CertificateRequest request, X509KeyUsageFlags usage, params string[] extendedUsages)
    {
        var purposes = new OidCollection();
        foreach (var oid in extendedUsages) purposes.Add(new Oid(oid));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(purposes, critical: false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, includeKeyIdentifier: true, includeIssuerAndSerial: false));
    }

    /// <summary>Never outlives the authority: a chain with an expired root would fail anyway, only later and less clearly.</summary>
    private X509Certificate2 Sign(CertificateRequest request, TimeSpan validity)
    {
        var issuedAt = TokenLifetime.WholeSecond(_time.GetUtcNow());
        var authorityEnd = new DateTimeOffset(Certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        var notAfter = issuedAt + validity < authorityEnd ? issuedAt + validity : authorityEnd;
        return request.Create(Certificate.SubjectName, _signer, issuedAt - CertificateIssueTime.ClockSkewAllowance, notAfter, RandomSerialNumber());
    }

    private static X500DistinguishedName Name(string commonName, string? organizationId, string? userId = null)
    {
        var builder = new X500DistinguishedNameBuilder();
        if (organizationId is not null) builder.AddOrganizationName(organizationId);
        if (userId is not null) builder.Add(CertificateOids.UserId, userId, UniversalTagNumber.UTF8String);
        builder.AddCommonName(commonName);
        return builder.Build();
    }

    /// <summary>16 random bytes, top bit clear and second bit set: positive and minimally DER-encoded, as strict parsers (Go's) demand.</summary>
    private static byte[] RandomSerialNumber()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] = (byte)((serial[0] & 0x7F) | 0x40);
        return serial;
    }
}
