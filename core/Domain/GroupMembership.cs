namespace Paralus.Core.Domain;

public sealed record GroupMembership(string GroupId, string UserId);
