namespace Paralus.Domain.Model;

public sealed record Project(string Id, string Name, string Description, DateTimeOffset CreatedAt) : IDirectoryEntity
{
    /// <summary>Exists from the first start, as in Paralus.</summary>
    public const string DefaultName = "default";
}
