using Paralus.Domain.Model;

namespace Paralus.Domain.Directory.Changes;

/// <summary>An entity removed, as it was when read, committed only if it is still at <paramref name="ETag"/>.</summary>
public sealed record EntityDeleted(IDirectoryEntity Entity, string ETag) : DirectoryChange;
