namespace Paralus.Domain.Model;

public enum UserKind
{
    /// <summary>Signs in with a password held (hashed) by Paralus.</summary>
    Local,

    /// <summary>Linked to an external identity provider by issuer and subject.</summary>
    External,
}
