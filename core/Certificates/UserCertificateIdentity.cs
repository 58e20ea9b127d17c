using System.Security.Cryptography.X509Certificates;

namespace Paralus.Core.Certificates;

/// <summary>Who a user certificate names: CN = user name, O = organization id. The relay looks the user up by these.</summary>
public sealed record UserCertificateIdentity(string UserName, string OrganizationId)
{
    /// <summary>Null when the subject lacks a CN or an O.</summary>
    public static UserCertificateIdentity? From(X509Certificate2 certificate)
    {
        string? commonName = null;
        string? organization = null;
        foreach (var name in certificate.SubjectName.EnumerateRelativeDistinguishedNames())
        {
            if (name.HasMultipleElements) continue;
            switch (name.GetSingleElementType().Value)
            {
                case "2.5.4.3":
                    commonName = name.GetSingleElementValue();
                    break;
                case CertificateOids.OrganizationName:
                    organization = name.GetSingleElementValue();
                    break;
            }
        }

        return commonName is { Length: > 0 } && organization is { Length: > 0 } ? new UserCertificateIdentity(commonName, organization) : null;
    }
}
