using Paralus.Domain.Model;

namespace Paralus.Domain.Directory.Changes;

/// <summary>A new entity. Its name, for the kinds whose names are unique, must not be taken: the commit fails if it is.</summary>
public sealed record EntityCreated(IDirectoryEntity Entity) : DirectoryChange;
