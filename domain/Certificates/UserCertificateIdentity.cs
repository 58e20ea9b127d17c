using System.Security.Cryptography.X509Certificates;

namespace Paralus.Domain.Certificates;

/// <summary>
/// Who a user certificate names: CN = user name, O = organization id, UID = user id. The relay looks the user up by
/// id, never by name: a user deleted and created again under the same name is a different user.
/// </summary>
public sealed record UserCertificateIdentity(string UserName, string OrganizationId, string UserId)
{
    /// <summary>Null when the subject lacks a CN, an O or a UID (certificates from before ids were bound carry none).</summary>
    public static UserCertificateIdentity? From(X509Certificate2 certificate)
    {
        string? commonName = null;
        string? organization = null;
        string? userId = null;
        foreach (var name in certificate.SubjectName.EnumerateRelativeDistinguishedNames())
        {
            if (name.HasMultipleElements) continue;
            switch (name.GetSingleElementType().Value)
            {
                case CertificateOids.CommonName:
                    commonName = name.GetSingleElementValue();
                    break;
                case CertificateOids.OrganizationName:
                    organization = name.GetSingleElementValue();
                    break;
                case CertificateOids.UserId:
                    userId = name.GetSingleElementValue();
                    break;
            }
        }

        return commonName is { Length: > 0 } && organization is { Length: > 0 } && userId is { Length: > 0 }
            ? new UserCertificateIdentity(commonName, organization, userId)
            : null;
    }
}
