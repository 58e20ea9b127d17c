namespace Paralus.Domain.Directory.Commands;

/// <summary>An API key of the owner the caller saw (a key given to someone else meanwhile is not deleted by mistake).</summary>
public sealed record DeleteApiKey(string Id, string OwnerId) : IDirectoryCommand<bool>
{
    public Mutation<bool> Plan(DirectoryView view) =>
        view.ApiKeys.TryGetValue(Id, out var key) && key.Value.UserId == OwnerId
            ? Mutation.Apply(new DirectoryChangeSet().Delete(key), true)
            : DirectoryError.NotFound("apikey", Id);
}
