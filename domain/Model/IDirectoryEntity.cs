namespace Paralus.Domain.Model;

/// <summary>A thing the directory stores under its own immutable id: what a change creates, replaces or deletes.</summary>
public interface IDirectoryEntity
{
    string Id { get; }
}
