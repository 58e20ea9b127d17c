namespace Paralus.Infrastructure.Storage;

/// <summary>The directory moved on (revision row ETag changed) between reading and committing; the change can be re-planned.</summary>
public sealed class DirectoryChangedException(Exception inner) : Exception("The directory changed while the change was being committed.", inner);
