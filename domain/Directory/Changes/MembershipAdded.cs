namespace Paralus.Domain.Directory.Changes;

public sealed record MembershipAdded(string GroupId, string UserId) : DirectoryChange;
