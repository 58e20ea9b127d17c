namespace Paralus.Domain.Directory.Commands;

/// <summary>
/// A change to the directory, decided against the current view: the changes to commit and the value to answer with,
/// or why it is refused. Pure, so a command is tested without storage or HTTP; the writer calls <see cref="Plan"/>
/// again on a newer view when another writer committed first, so its rules hold at commit time.
/// Callers authorize before they run a command; a command checks only what the directory must stay consistent with.
/// </summary>
public interface IDirectoryCommand<TResult>
{
    Mutation<TResult> Plan(DirectoryView view);
}
