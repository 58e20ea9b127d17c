namespace Paralus.Domain.Model;

public sealed record Group(string Id, string Name, string Description, GroupKind Kind, DateTimeOffset CreatedAt) : IDirectoryEntity;
