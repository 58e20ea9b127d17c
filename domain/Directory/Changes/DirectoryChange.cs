namespace Paralus.Domain.Directory.Changes;

/// <summary>
/// One thing a directory write does, in the domain's words. A <see cref="DirectoryChangeSet"/> is a list of these; the
/// repository alone knows how each becomes table rows, and the access-change planner reads them to announce what a
/// commit changes about access.
/// </summary>
public abstract record DirectoryChange;
