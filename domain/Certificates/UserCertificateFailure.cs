namespace Paralus.Domain.Certificates;

/// <summary>Why a presented user certificate is refused.</summary>
public enum UserCertificateFailure
{
    WrongAuthority,
    NotYetValid,
    Expired,
    NotClientCertificate,
    UnknownUser,
    UserDeactivated,
    Revoked,
}
