namespace Paralus.Domain.Model;

public sealed record GroupMembership(string GroupId, string UserId);
