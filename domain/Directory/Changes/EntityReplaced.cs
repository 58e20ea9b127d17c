using Paralus.Domain.Model;

namespace Paralus.Domain.Directory.Changes;

/// <summary>A new version of an existing entity, committed only if it is still at <paramref name="ETag"/> (the version read).</summary>
public sealed record EntityReplaced(IDirectoryEntity Entity, string ETag) : DirectoryChange;
