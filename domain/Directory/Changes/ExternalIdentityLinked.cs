namespace Paralus.Domain.Directory.Changes;

/// <summary>An identity provider's account (issuer + subject) names this user; no other user may hold it.</summary>
public sealed record ExternalIdentityLinked(string Issuer, string Subject, string UserId) : DirectoryChange;
