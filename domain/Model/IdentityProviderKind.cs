namespace Paralus.Domain.Model;

public enum IdentityProviderKind
{
    /// <summary>Any OpenID Connect provider (Okta, Google, Keycloak, …): subject from <c>sub</c>.</summary>
    Oidc,

    /// <summary>Microsoft Entra ID: one tenant, subject from <c>oid</c> (stable across applications), <c>tid</c> checked.</summary>
    Entra,
}
