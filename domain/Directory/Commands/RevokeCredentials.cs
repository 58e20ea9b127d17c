namespace Paralus.Domain.Directory.Commands;

/// <summary>
/// Ends a user's sessions and kubeconfig certificates issued before <paramref name="RevokedAt"/>, and with
/// <paramref name="IncludeApiKeys"/> their API keys too (those serve automation that outlives a session, so they go
/// only when asked for). Answers the user's name and how many keys went.
/// </summary>
public sealed record RevokeCredentials(string UserName, DateTimeOffset RevokedAt, bool IncludeApiKeys) : IDirectoryCommand<(string Name, int Keys)>
{
    public Mutation<(string Name, int Keys)> Plan(DirectoryView view)
    {
        if (view.UserByName(UserName) is not { } user) return DirectoryError.NotFound("user", UserName);
        var changes = new DirectoryChangeSet();
        var keys = IncludeApiKeys ? view.ApiKeys.Values.Where(k => k.Value.UserId == user.Value.Id).ToList() : [];
        foreach (var key in keys) changes.Delete(key);
        changes.Replace(user.Value with { CredentialsRevokedBefore = RevokedAt }, user.ETag);
        return Mutation.Apply<(string Name, int Keys)>(changes, (user.Value.Name, keys.Count));
    }
}
