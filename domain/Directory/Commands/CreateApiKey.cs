using Paralus.Domain.Model;

namespace Paralus.Domain.Directory.Commands;

/// <summary>An API key for its owner, who may hold at most <see cref="MaxKeysPerUser"/>.</summary>
public sealed record CreateApiKey(ApiKey Key) : IDirectoryCommand<bool>
{
    public const int MaxKeysPerUser = 20;

    public Mutation<bool> Plan(DirectoryView view) =>
        view.ApiKeys.Values.Count(k => k.Value.UserId == Key.UserId) >= MaxKeysPerUser
            ? DirectoryError.Conflict($"you already have {MaxKeysPerUser} API keys; delete one first.")
            : Mutation.Apply(new DirectoryChangeSet().Create(Key), true);
}
