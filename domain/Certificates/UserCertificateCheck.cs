namespace Paralus.Domain.Certificates;

/// <summary>The outcome of <see cref="UserCertificateValidator.Validate"/>: valid, or the failure and a sentence saying why.</summary>
public sealed record UserCertificateCheck(UserCertificateFailure? Failure, string Reason)
{
    public static UserCertificateCheck Valid { get; } = new(null, "valid");

    public bool IsValid => Failure is null;

    public static UserCertificateCheck Refuse(UserCertificateFailure failure, string reason) => new(failure, reason);
}
