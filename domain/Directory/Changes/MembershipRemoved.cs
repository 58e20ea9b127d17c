namespace Paralus.Domain.Directory.Changes;

public sealed record MembershipRemoved(string GroupId, string UserId) : DirectoryChange;
