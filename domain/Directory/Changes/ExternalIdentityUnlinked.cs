namespace Paralus.Domain.Directory.Changes;

/// <summary>An identity provider's account (issuer + subject) no longer names a user.</summary>
public sealed record ExternalIdentityUnlinked(string Issuer, string Subject) : DirectoryChange;
