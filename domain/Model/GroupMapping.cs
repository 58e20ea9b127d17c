namespace Paralus.Domain.Model;

/// <summary>An identity provider's group (its name or, for Entra, its object id) that makes its members members of a Paralus group.</summary>
public sealed record GroupMapping(string IdpGroup, string GroupId);
