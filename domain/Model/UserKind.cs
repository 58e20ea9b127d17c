namespace Paralus.Domain.Model;

public enum UserKind
{
    /// <summary>Signs in with a password held (hashed) by Paralus.</summary>
    Local,

    /// <summary>Linked to an external identity provider by issuer and subject.</summary>
    External,

    /// <summary>
    /// Automation such as Argo CD: no password and no identity provider, so it never signs in; an administrator issues
    /// its kubeconfigs.
    /// </summary>
    Service,
}
