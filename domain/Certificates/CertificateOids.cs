namespace Paralus.Domain.Certificates;

/// <summary>The object identifiers the certificate authority writes and checks.</summary>
internal static class CertificateOids
{
    public const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    public const string ClientAuth = "1.3.6.1.5.5.7.3.2";
    public const string OrganizationName = "2.5.4.10";
    public const string CommonName = "2.5.4.3";

    /// <summary>RFC 4519 <c>uid</c>: the user's immutable id.</summary>
    public const string UserId = "0.9.2342.19200300.100.1.1";
    public const string EcPublicKey = "1.2.840.10045.2.1";
    public const string RsaPublicKey = "1.2.840.113549.1.1.1";
    public const string NistP256 = "1.2.840.10045.3.1.7";
}
